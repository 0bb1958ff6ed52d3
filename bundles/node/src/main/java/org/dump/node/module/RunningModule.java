package org.dump.node.module;

import java.util.Objects;

import org.osgi.framework.Version;

/**
 * A module that is running on this node: a started bundle that declares a {@code dump.module} capability.
 *
 * @param id            the module id
 * @param dataVersion   the version of its data format
 * @param bundleId      the bundle that provides it
 * @param symbolicName  that bundle's symbolic name
 * @param bundleVersion that bundle's version
 */
public record RunningModule(String id, Version dataVersion, long bundleId, String symbolicName,
        Version bundleVersion) {

    public RunningModule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dataVersion, "dataVersion");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(bundleVersion, "bundleVersion");
    }
}
