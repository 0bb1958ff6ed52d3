package org.dump.node.module;

import org.dump.api.module.ModuleNamespace;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The rule that keeps modules on the adapter: of DUMP's own code a module may use only the adapter API,
 * {@code org.dump.api.*}. The {@code org.dump} namespace belongs to the node; what lies outside the API there
 * (accounts, keys, the record store's insides) would let a module get around the adapter, and nothing about it is
 * kept stable for modules. The repository installer refuses such a bundle before the framework sees it, and the
 * node's resolver hook keeps a module from wiring to such a package however it was installed.
 *
 * <p>What counts as module code: a bundle that declares a module ({@code dump.module} capability), and every bundle
 * the repository installer installed (a module and the libraries it brought along), whose locations start with
 * {@link #REPOSITORY_LOCATION_PREFIX}.
 */
public final class ModuleImports {

    /** The start of the location of every bundle the repository installer installs. */
    public static final String REPOSITORY_LOCATION_PREFIX = "dump-repository:";
    /** The adapter API's packages start with this, and its bundle has this symbolic name. */
    public static final String API = "org.dump.api";
    private static final String NODE_NAMESPACE = "org.dump";

    private ModuleImports() {
    }

    /** @return whether module code may import the package (from another bundle): anything but the node's own */
    public static boolean mayImport(String packageName) {
        return !inNamespace(packageName, NODE_NAMESPACE) || inNamespace(packageName, API);
    }

    /**
     * @param pattern a {@code DynamicImport-Package} name: a package, {@code prefix.*} or {@code *}
     * @return false if the pattern names a part of {@code org.dump} outside the API. Wildcards wider than
     *         {@code org.dump} ({@code *}, {@code org.*}) are allowed: they are common in libraries, and the resolver
     *         hook keeps them off the node's packages
     */
    public static boolean mayImportDynamically(String pattern) {
        if (!pattern.endsWith("*")) {
            return mayImport(pattern);
        }
        String prefix = pattern.substring(0, pattern.length() - 1);
        String named = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return !named.startsWith(NODE_NAMESPACE) || inNamespace(named, API);
    }

    /** @return whether module code may name the bundle in {@code Require-Bundle}: none of the node's but the API */
    public static boolean mayRequireBundle(String symbolicName) {
        return !inNamespace(symbolicName, NODE_NAMESPACE) || API.equals(symbolicName);
    }

    /** @return whether module code may be a fragment of the bundle: of none of the node's, not even the API */
    public static boolean mayAttachTo(String symbolicName) {
        return !inNamespace(symbolicName, NODE_NAMESPACE);
    }

    /** @return whether the revision is module code (see the class comment) */
    public static boolean isModuleCode(BundleRevision revision) {
        if (!revision.getDeclaredCapabilities(ModuleNamespace.NAMESPACE).isEmpty()) {
            return true;
        }
        Bundle bundle = revision.getBundle();
        return bundle != null && bundle.getLocation().startsWith(REPOSITORY_LOCATION_PREFIX);
    }

    /** @return whether {@code name} is {@code namespace} or lies below it ({@code org.dump.node}, not {@code org.dumper}) */
    private static boolean inNamespace(String name, String namespace) {
        return name.equals(namespace) || name.startsWith(namespace + ".");
    }
}
