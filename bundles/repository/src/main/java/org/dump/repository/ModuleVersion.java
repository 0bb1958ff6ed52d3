package org.dump.repository;

import java.util.List;
import java.util.Objects;

/**
 * One version of a module that a trusted publisher offers, as its signed index lists it.
 *
 * @param module the module id ({@code dump.module} capability), e.g. {@code market}
 * @param dataVersion the version of its data format
 * @param symbolicName the bundle's symbolic name
 * @param version the bundle version
 * @param publisher the name under which this node trusts the publisher
 * @param sha256 the bundle's digest as the index gives it
 * @param size the bundle's size in bytes
 * @param sources where the bundle can be had: {@code "this node"} and the ids of peers that hold it
 */
public record ModuleVersion(String module, String dataVersion, String symbolicName, String version,
        String publisher, String sha256, long size, List<String> sources) {

    public ModuleVersion {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        sources = List.copyOf(sources);
    }
}
