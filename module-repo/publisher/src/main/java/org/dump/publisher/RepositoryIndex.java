package org.dump.publisher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import aQute.bnd.osgi.Processor;
import aQute.bnd.osgi.repository.SimpleIndexer;

/**
 * An OSGi R5 repository index ({@code index.xml}) as far as publishing needs it: the increment that orders a
 * publisher's indexes, and for each bundle its relative url and SHA-256. Written by bnd's {@link SimpleIndexer}, the
 * indexer of bnd-indexer-maven-plugin, so that it is the index any OSGi tool would write.
 *
 * @param increment the {@code increment} attribute of {@code <repository>}; -1 when absent
 * @param contents  SHA-256 of each bundle by its url, in lower-case hex (bnd writes upper-case: compare hex
 *                  digests without regard to case)
 */
public record RepositoryIndex(long increment, Map<String, String> contents) {

    /** Name of the index file in a repository folder. */
    public static final String FILE_NAME = "index.xml";

    private static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";
    private static final String CONTENT = "osgi.content";

    /**
     * @param repository the folder the index lies in; urls are relative to it
     * @param bundles    files in that folder
     * @param name       the repository's name
     * @param increment  the increment, which nodes use to refuse an older index than one they saw (replay)
     * @return the bytes of the index
     * @throws IOException if a bundle cannot be indexed
     */
    static byte[] write(Path repository, Collection<Path> bundles, String name, long increment) throws IOException {
        List<File> files = new ArrayList<>();
        bundles.forEach(bundle -> files.add(bundle.toFile()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // SimpleIndexer reports a file it cannot index instead of failing: collect its reports and fail here.
        try (Processor reporter = new Processor()) {
            new SimpleIndexer().files(files).base(repository.toUri()).name(name).increment(increment)
                    .reporter(reporter).index(out);
            if (!reporter.getErrors().isEmpty()) {
                throw new IOException("could not index the bundles: " + String.join("; ", reporter.getErrors()));
            }
        }
        return out.toByteArray();
    }

    /**
     * @throws IOException if the bytes are not an R5 repository index
     */
    public static RepositoryIndex parse(byte[] index) throws IOException {
        Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(index));
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("not a repository index: " + e.getMessage(), e);
        }
        Element repository = document.getDocumentElement();
        if (!"repository".equals(repository.getLocalName()) || !NAMESPACE.equals(repository.getNamespaceURI())) {
            throw new IOException("not an OSGi R5 repository index: the root element is " + repository.getTagName());
        }
        long increment = -1;
        if (repository.hasAttribute("increment")) {
            try {
                increment = Long.parseLong(repository.getAttribute("increment"));
            } catch (NumberFormatException e) {
                throw new IOException("the index's increment is not a number: " + repository.getAttribute("increment"));
            }
        }
        Map<String, String> contents = new TreeMap<>();
        NodeList capabilities = repository.getElementsByTagNameNS(NAMESPACE, "capability");
        for (int i = 0; i < capabilities.getLength(); i++) {
            Element capability = (Element) capabilities.item(i);
            if (CONTENT.equals(capability.getAttribute("namespace"))) {
                Map<String, String> attributes = attributes(capability);
                String sha256 = attributes.get(CONTENT);
                contents.put(attributes.get("url"), sha256 == null ? null : sha256.toLowerCase(Locale.ROOT));
            }
        }
        return new RepositoryIndex(increment, contents);
    }

    /** @return the file each url names, resolved against the repository folder */
    public List<Path> files(Path repository) {
        List<Path> files = new ArrayList<>();
        URI base = repository.toUri();
        for (String url : contents.keySet()) {
            URI resolved = base.resolve(url);
            if ("file".equals(resolved.getScheme())) {
                files.add(Path.of(resolved));
            }
        }
        return files;
    }

    private static Map<String, String> attributes(Element capability) {
        Map<String, String> attributes = new TreeMap<>();
        NodeList children = capability.getElementsByTagNameNS(NAMESPACE, "attribute");
        for (int i = 0; i < children.getLength(); i++) {
            Element attribute = (Element) children.item(i);
            attributes.put(attribute.getAttribute("name"), attribute.getAttribute("value"));
        }
        return attributes;
    }

    /** A namespace-aware parser that fetches nothing: an index is data, never a reason to open a URL. */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder();
    }
}
