package org.dump.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.dump.itests.support.NodeDistribution;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * No servlet of the node lies inside another servlet's pattern in the same whiteboard context. Pax Web 8.0.34 caches
 * a path's filter chain, servlet included, under the context's name and the path: with nested patterns in one
 * context, a request that came while the servlets were being registered left the wider servlet cached for the
 * narrower one's path, and a restarted node answered 404 on {@code /api/node} until its next restart (issue 27's
 * crash runs). Read from the declarative services descriptors of the distribution's own bundles.
 */
public class ServletContextsIT {

    private static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";
    private static final String SELECT = "osgi.http.whiteboard.context.select";
    private static final String DEFAULT = "(osgi.http.whiteboard.context.name=default)";

    /** A servlet as the whiteboard sees it: its name, its context filter and its patterns. */
    record Servlet(String name, String context, List<String> patterns) {
    }

    @Test
    public void noServletLiesInsideAnotherOfItsContext() throws Exception {
        NodeDistribution distribution = new NodeDistribution("servlets");
        try {
            List<Servlet> servlets = new ArrayList<>(declared(distribution.home().resolve("system/org/dump")));
            // Registered by ApiServer in code, not by a descriptor.
            servlets.add(new Servlet("dump-api", DEFAULT, List.of("/api/*")));
            assertTrue("no servlets found: " + servlets, servlets.size() > 5
                    && servlets.stream().anyMatch(s -> s.patterns().contains("/")));
            List<String> nested = new ArrayList<>();
            for (Servlet wide : servlets) {
                for (Servlet narrow : servlets) {
                    if (wide != narrow && wide.context().equals(narrow.context())) {
                        for (String outer : wide.patterns()) {
                            for (String inner : narrow.patterns()) {
                                if (contains(outer, inner)) {
                                    nested.add(narrow.name() + " " + inner + " inside " + wide.name() + " " + outer
                                            + " in context " + wide.context());
                                }
                            }
                        }
                    }
                }
            }
            assertTrue("servlets nested in one context: " + nested, nested.isEmpty());
        } finally {
            distribution.close();
        }
    }

    /** @return whether every path of {@code inner} also matches {@code outer} (Servlet 3.1 patterns) */
    static boolean contains(String outer, String inner) {
        if (outer.equals("/") || outer.equals("/*")) {
            return true;
        }
        if (outer.endsWith("/*")) {
            String prefix = outer.substring(0, outer.length() - 2);
            return inner.equals(prefix) || inner.startsWith(prefix + "/");
        }
        return outer.equals(inner);
    }

    /** @return the servlets that the DS descriptors of the bundles below {@code folder} declare */
    private static List<Servlet> declared(Path folder) throws IOException {
        List<Servlet> servlets = new ArrayList<>();
        try (Stream<Path> jars = Files.walk(folder)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    Enumeration<? extends ZipEntry> entries = zip.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry entry = entries.nextElement();
                        if (entry.getName().startsWith("OSGI-INF/") && entry.getName().endsWith(".xml")) {
                            try (InputStream in = zip.getInputStream(entry)) {
                                servlet(in).ifPresent(servlets::add);
                            }
                        }
                    }
                }
            }
        }
        return servlets;
    }

    private static Optional<Servlet> servlet(InputStream descriptor) {
        try {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(descriptor);
            NodeList properties = xml.getElementsByTagName("property");
            String name = xml.getDocumentElement().getAttribute("name");
            List<String> patterns = List.of();
            String context = DEFAULT;
            for (int i = 0; i < properties.getLength(); i++) {
                Element property = (Element) properties.item(i);
                String value = property.hasAttribute("value") ? property.getAttribute("value")
                        : property.getTextContent();
                if (property.getAttribute("name").equals(PATTERN)) {
                    patterns = value.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                } else if (property.getAttribute("name").equals(SELECT)) {
                    context = value.strip();
                }
            }
            return patterns.isEmpty() ? Optional.empty()
                    : Optional.of(new Servlet(name, context, patterns));
        } catch (Exception notAComponent) {
            return Optional.empty();
        }
    }
}
