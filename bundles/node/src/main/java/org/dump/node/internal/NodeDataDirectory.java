package org.dump.node.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * Where the node keeps what must survive a restart besides its database: {@code ${karaf.data}/dump}. Outside
 * Karaf (a bare framework in a test) the bundle's own data area stands in for {@code karaf.data}.
 */
public final class NodeDataDirectory {

    private NodeDataDirectory() {
    }

    public static Path of(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        Path base = karafData != null ? Path.of(karafData) : context.getDataFile("").toPath();
        return base.toAbsolutePath().resolve("dump");
    }
}
