package org.dump.repository;

/**
 * A module bundle installed on this node.
 *
 * @param module the module id
 * @param dataVersion the version of its data format
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle version
 * @param bundleId the framework's id of the bundle
 * @param state the bundle state: {@code ACTIVE}, {@code RESOLVED}, {@code INSTALLED}…
 * @param publisher the trusted publisher it came from, or null if it was installed otherwise (e.g.
 *        {@code bundle:install})
 */
public record InstalledModule(String module, String dataVersion, String symbolicName, String version, long bundleId,
        String state, String publisher) {
}
