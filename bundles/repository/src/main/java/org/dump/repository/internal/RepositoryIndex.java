package org.dump.repository.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.osgi.framework.Version;

/**
 * An OSGi R5 repository index ({@code index.xml}) as read from its bytes: its name, its increment (which grows
 * with every publication, so an older index can be told from a newer one) and its resources. Only indexes whose
 * signature checked out are read, but the reader still refuses DTDs and external entities: parsing comes before
 * trust in what the content says.
 *
 * @param name the repository's name attribute
 * @param increment the repository's increment attribute
 * @param resources the bundles it lists
 */
record RepositoryIndex(String name, long increment, List<IndexResource> resources) {

    static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";
    /** Enough for thousands of bundles; a larger answer is not an index we want. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    RepositoryIndex {
        resources = List.copyOf(resources);
    }

    static RepositoryIndex parse(byte[] xml) {
        if (xml.length > MAX_BYTES) {
            throw new IllegalArgumentException("the index is larger than " + MAX_BYTES + " bytes");
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try {
            XMLStreamReader reader;
            try {
                reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
            try {
                return read(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("the index is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static RepositoryIndex read(XMLStreamReader xml) throws XMLStreamException {
        String name = null;
        long increment = -1;
        List<IndexResource> resources = new ArrayList<>();
        IndexResource resource = null;
        String namespace = null;
        boolean capability = false;
        Map<String, Object> attributes = new HashMap<>();
        Map<String, String> directives = new HashMap<>();
        boolean root = true;
        while (xml.hasNext()) {
            int event;
            try {
                event = xml.next();
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = xml.getLocalName();
                if (root) {
                    if (!"repository".equals(element) || !NAMESPACE.equals(xml.getNamespaceURI())) {
                        throw new IllegalArgumentException("not an OSGi R5 repository index (root element "
                                + xml.getName() + ")");
                    }
                    name = value(xml, "name");
                    increment = parseIncrement(value(xml, "increment"));
                    root = false;
                } else if ("resource".equals(element)) {
                    resource = new IndexResource();
                } else if ("capability".equals(element) || "requirement".equals(element)) {
                    if (resource == null) {
                        throw new IllegalArgumentException("<" + element + "> outside a <resource>");
                    }
                    capability = "capability".equals(element);
                    namespace = required(xml, "namespace");
                    attributes = new HashMap<>();
                    directives = new HashMap<>();
                } else if ("attribute".equals(element) && namespace != null) {
                    String key = required(xml, "name");
                    attributes.put(key, typed(key, value(xml, "type"), required(xml, "value")));
                } else if ("directive".equals(element) && namespace != null) {
                    directives.put(required(xml, "name"), required(xml, "value"));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String element = xml.getLocalName();
                if ("resource".equals(element) && resource != null) {
                    resource.check();
                    resources.add(resource);
                    resource = null;
                } else if (("capability".equals(element) || "requirement".equals(element)) && namespace != null) {
                    resource.add(namespace, attributes, directives, capability);
                    namespace = null;
                }
            }
        }
        if (root) {
            throw new IllegalArgumentException("an empty index");
        }
        return new RepositoryIndex(name == null ? "" : name, increment, resources);
    }

    /**
     * The JDK's reader fails on some malformed XML with another exception than its own, e.g. a
     * MissingResourceException when it has no text for its message (a DTD with a NUL in it): malformed all the same.
     */
    private static XMLStreamException unexpected(RuntimeException e) {
        return new XMLStreamException(e.toString(), e);
    }

    private static long parseIncrement(String increment) {
        if (increment == null) {
            throw new IllegalArgumentException("the index has no increment: without it an older index cannot be "
                    + "told from a newer one");
        }
        try {
            return Long.parseLong(increment.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the index increment is not a number: " + increment, e);
        }
    }

    /** Attribute types of R5 indexes: String, Version, Long, Double and lists of them. */
    private static Object typed(String key, String type, String value) {
        if (type == null || "String".equals(type)) {
            return value;
        }
        try {
            if (type.startsWith("List<") && type.endsWith(">")) {
                String element = type.substring(5, type.length() - 1);
                List<Object> list = new ArrayList<>();
                for (String item : value.split(",")) {
                    list.add(typed(key, element, item.strip()));
                }
                return List.copyOf(list);
            }
            return switch (type) {
                case "Version" -> Version.parseVersion(value.strip());
                case "Long" -> Long.valueOf(value.strip());
                case "Double" -> Double.valueOf(value.strip());
                default -> throw new IllegalArgumentException("unknown attribute type " + type + " of " + key);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attribute " + key + " is not a " + type + ": " + value, e);
        }
    }

    private static String value(XMLStreamReader xml, String attribute) {
        return xml.getAttributeValue(XMLConstants.NULL_NS_URI, attribute);
    }

    private static String required(XMLStreamReader xml, String attribute) {
        String value = value(xml, attribute);
        if (value == null) {
            throw new IllegalArgumentException("<" + xml.getLocalName() + "> without " + attribute);
        }
        return value;
    }
}
