package org.dump.repository.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.Version;
import org.osgi.framework.namespace.IdentityNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

/**
 * One bundle of a repository index, with its capabilities and requirements as the index states them: what the
 * OSGi resolver works with before the bundle is downloaded.
 */
final class IndexResource implements Resource {

    static final String CONTENT_NAMESPACE = "osgi.content";
    static final String MODULE_NAMESPACE = "dump.module";

    private final List<Capability> capabilities = new ArrayList<>();
    private final List<Requirement> requirements = new ArrayList<>();

    void add(String namespace, Map<String, Object> attributes, Map<String, String> directives, boolean capability) {
        if (capability) {
            capabilities.add(new Part.Cap(this, namespace, attributes, directives));
        } else {
            requirements.add(new Part.Req(this, namespace, attributes, directives));
        }
    }

    @Override
    public List<Capability> getCapabilities(String namespace) {
        return namespace == null ? Collections.unmodifiableList(capabilities)
                : capabilities.stream().filter(c -> c.getNamespace().equals(namespace)).toList();
    }

    @Override
    public List<Requirement> getRequirements(String namespace) {
        return namespace == null ? Collections.unmodifiableList(requirements)
                : requirements.stream().filter(r -> r.getNamespace().equals(namespace)).toList();
    }

    String symbolicName() {
        return (String) first(IdentityNamespace.IDENTITY_NAMESPACE, IdentityNamespace.IDENTITY_NAMESPACE);
    }

    /** @return the version, 0.0.0 if the index gives none (as OSGi has it) */
    Version version() {
        Object version = first(IdentityNamespace.IDENTITY_NAMESPACE, IdentityNamespace.CAPABILITY_VERSION_ATTRIBUTE);
        return version instanceof Version v ? v : version == null ? Version.emptyVersion
                : Version.parseVersion(String.valueOf(version));
    }

    /**
     * Refuses a resource without what the rest of this bundle reads from it, or with it of another type: a name and
     * a digest (strings), a version, a module id (a string) if it is a module, and a url (if any) that is a URI.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    void check() {
        Object name = first(IdentityNamespace.IDENTITY_NAMESPACE, IdentityNamespace.IDENTITY_NAMESPACE);
        Object digest = first(CONTENT_NAMESPACE, CONTENT_NAMESPACE);
        if (name == null || digest == null) {
            throw new IllegalArgumentException("a resource without osgi.identity or osgi.content");
        }
        Object module = first(MODULE_NAMESPACE, MODULE_NAMESPACE);
        if (!(name instanceof String) || !(digest instanceof String) || module != null && !(module instanceof String)) {
            throw new IllegalArgumentException("resource " + name + ": osgi.identity, osgi.content and dump.module "
                    + "are not all strings");
        }
        try {
            version();
            Object url = getCapabilities(CONTENT_NAMESPACE).get(0).getAttributes().get("url");
            if (url != null) {
                URI.create(url.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** @return the SHA-256 of the bundle, lower-case hex, as the index gives it */
    String sha256() {
        Object digest = first(CONTENT_NAMESPACE, CONTENT_NAMESPACE);
        return digest == null ? null : digest.toString().toLowerCase(java.util.Locale.ROOT);
    }

    long size() {
        Object size = first(CONTENT_NAMESPACE, "size");
        return size instanceof Long l ? l : -1;
    }

    /** @return the id of the DUMP module this bundle is, or null if it is a library */
    String module() {
        return (String) first(MODULE_NAMESPACE, MODULE_NAMESPACE);
    }

    String dataVersion() {
        Object version = first(MODULE_NAMESPACE, "data.version");
        return version == null ? null : version.toString();
    }

    String describe() {
        return symbolicName() + " " + version();
    }

    private Object first(String namespace, String attribute) {
        return getCapabilities(namespace).stream().map(c -> c.getAttributes().get(attribute)).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A capability or requirement of an index resource. */
    abstract static class Part {

        private final Resource resource;
        private final String namespace;
        private final Map<String, Object> attributes;
        private final Map<String, String> directives;

        Part(Resource resource, String namespace, Map<String, Object> attributes, Map<String, String> directives) {
            this.resource = resource;
            this.namespace = namespace;
            this.attributes = Map.copyOf(attributes);
            this.directives = Map.copyOf(directives);
        }

        public String getNamespace() {
            return namespace;
        }

        public Map<String, String> getDirectives() {
            return directives;
        }

        public Map<String, Object> getAttributes() {
            return attributes;
        }

        public Resource getResource() {
            return resource;
        }

        @Override
        public String toString() {
            return namespace + attributes + directives;
        }

        static final class Cap extends Part implements Capability {
            Cap(Resource resource, String namespace, Map<String, Object> attributes, Map<String, String> directives) {
                super(resource, namespace, attributes, directives);
            }
        }

        static final class Req extends Part implements Requirement {
            Req(Resource resource, String namespace, Map<String, Object> attributes, Map<String, String> directives) {
                super(resource, namespace, attributes, directives);
            }
        }
    }
}
