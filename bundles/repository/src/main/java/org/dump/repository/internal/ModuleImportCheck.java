package org.dump.repository.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.node.module.ModuleImports;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * The installer's half of the import rule ({@link ModuleImports}): a bundle from a module repository that names a
 * package or a bundle of the node outside the adapter API is refused, with what it names, before the framework sees
 * it. Checked twice: on the signed index's requirements, before anything is resolved or downloaded (the resolver
 * would otherwise wire it, or call a missing internal package "not provided"), and on the manifest of the checked
 * bundle before it is installed, since that, not the index, is what the framework reads. The node's resolver hook
 * keeps the rule for bundles installed any other way.
 */
final class ModuleImportCheck {

    private static final Pattern PACKAGE = name(PackageNamespace.PACKAGE_NAMESPACE);
    private static final Pattern BUNDLE = name(BundleNamespace.BUNDLE_NAMESPACE);
    private static final Pattern HOST = name(HostNamespace.HOST_NAMESPACE);

    private ModuleImportCheck() {
    }

    /** Checks what the index says the bundle requires. */
    static void check(IndexResource resource) throws ModuleRefusedException {
        List<String> own = resource.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .map(Capability::getAttributes).map(a -> String.valueOf(a.get(PackageNamespace.PACKAGE_NAMESPACE)))
                .toList();
        List<String> named = new ArrayList<>();
        for (Requirement requirement : resource.getRequirements(null)) {
            String filter = requirement.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
            boolean dynamic = PackageNamespace.RESOLUTION_DYNAMIC.equals(
                    requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
            switch (requirement.getNamespace()) {
                case PackageNamespace.PACKAGE_NAMESPACE -> find(PACKAGE, filter)
                        .filter(p -> dynamic ? !ModuleImports.mayImportDynamically(p) : refused(p, own))
                        .ifPresent(p -> named.add((dynamic ? Constants.DYNAMICIMPORT_PACKAGE
                                : Constants.IMPORT_PACKAGE) + " " + p));
                case BundleNamespace.BUNDLE_NAMESPACE -> find(BUNDLE, filter)
                        .filter(b -> !ModuleImports.mayRequireBundle(b))
                        .ifPresent(b -> named.add(Constants.REQUIRE_BUNDLE + " " + b));
                case HostNamespace.HOST_NAMESPACE -> find(HOST, filter).filter(h -> !ModuleImports.mayAttachTo(h))
                        .ifPresent(h -> named.add(Constants.FRAGMENT_HOST + " " + h));
                default -> {
                    // other namespaces (services, the execution environment, extenders) are not the node's code
                }
            }
        }
        refuseIfAny(resource.describe(), named);
    }

    /** Checks the manifest of a bundle file, as the framework will read it. */
    static void check(Path jar, String what) throws ModuleRefusedException {
        Attributes main;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            main = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new ModuleRefusedException(what + " has no manifest that can be read: " + RepositoryHttp.reason(e),
                    e);
        }
        List<String> own = names(main.getValue(Constants.EXPORT_PACKAGE));
        List<String> named = new ArrayList<>();
        names(main.getValue(Constants.IMPORT_PACKAGE)).stream().filter(p -> refused(p, own))
                .forEach(p -> named.add(Constants.IMPORT_PACKAGE + " " + p));
        names(main.getValue(Constants.DYNAMICIMPORT_PACKAGE)).stream()
                .filter(p -> !ModuleImports.mayImportDynamically(p))
                .forEach(p -> named.add(Constants.DYNAMICIMPORT_PACKAGE + " " + p));
        names(main.getValue(Constants.REQUIRE_BUNDLE)).stream().filter(b -> !ModuleImports.mayRequireBundle(b))
                .forEach(b -> named.add(Constants.REQUIRE_BUNDLE + " " + b));
        names(main.getValue(Constants.FRAGMENT_HOST)).stream().filter(h -> !ModuleImports.mayAttachTo(h))
                .forEach(h -> named.add(Constants.FRAGMENT_HOST + " " + h));
        refuseIfAny(what, named);
    }

    /**
     * A package the bundle exports itself may be imported too (bnd imports what it exports, so that it can be
     * substituted); the resolver hook then lets it come from the bundle only.
     */
    private static boolean refused(String packageName, List<String> ownExports) {
        return !ownExports.contains(packageName) && !ModuleImports.mayImport(packageName);
    }

    private static void refuseIfAny(String what, List<String> named) throws ModuleRefusedException {
        if (!named.isEmpty()) {
            throw new ModuleRefusedException(what + " is refused: it names the node's own code (" + String.join(", ",
                    named) + "); a module uses the node only through the adapter API, the packages org.dump.api.* "
                    + "(docs/modules.md, The import rule)");
        }
    }

    /**
     * @return the names of an OSGi manifest header's clauses ({@code a;b;version="[1,2)",c} gives a, b and c): the
     *         parts of each clause before its attributes and directives, commas and semicolons in quotes aside
     */
    static List<String> names(String header) {
        List<String> names = new ArrayList<>();
        if (header == null) {
            return names;
        }
        boolean quoted = false;
        boolean attributes = false;
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ';' || c == ',')) {
                String text = part.toString().strip();
                attributes |= text.contains("=");
                if (!attributes && !text.isEmpty()) {
                    names.add(text);
                }
                part.setLength(0);
                attributes = attributes && c == ';';
                continue;
            }
            part.append(c);
        }
        return names;
    }

    private static Optional<String> find(Pattern pattern, String filter) {
        Matcher matcher = pattern.matcher(filter);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Pattern name(String namespace) {
        return Pattern.compile("\\(" + Pattern.quote(namespace) + "=([^)]+)\\)");
    }
}
