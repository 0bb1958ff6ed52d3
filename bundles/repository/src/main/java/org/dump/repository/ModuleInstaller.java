package org.dump.repository;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates and uninstalls modules from the signed repositories of this node and its peers. Every bundle
 * is checked before the framework sees it: the publisher's index signature, the bundle's digest in that index and
 * its JAR signature, all against a trusted publisher. A failure at any step leaves the node as it was.
 */
@ProviderType
public interface ModuleInstaller {

    /**
     * Installs and starts the newest version of a module within {@code versionRange}, with what it needs from the
     * same repositories, as the OSGi resolver picks it. When the repositories this node holds offer no version that
     * fits, or only an older one than a peer says it runs, the peers' repositories are read first, and each step
     * of that reading is told to {@code progress}.
     *
     * @param module a module id, e.g. {@code market}
     * @param versionRange an OSGi version range such as {@code [2.0,3)}, or null for any version; a module that is
     *        installed already is installed again only in another major version (side by side)
     */
    ModuleChange install(String module, String versionRange, InstallProgress progress)
            throws ModuleRefusedException;

    /**
     * Updates an installed module to the newest version its policy allows ({@code minor}: same major version;
     * {@code patch}: same major and minor). Only the module and what depends on it are refreshed; if the new
     * version does not resolve or start, the old one comes back.
     *
     * @param policy {@code patch} or {@code minor}; never a new major version
     */
    ModuleChange update(String module, String policy, InstallProgress progress) throws ModuleRefusedException;

    /** Uninstalls every version of a module that this node runs. */
    ModuleChange uninstall(String module) throws ModuleRefusedException;
}
