package org.dump.publisher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import aQute.bnd.version.Version;

/**
 * What a bundle is, from its manifest: symbolic name and version. It names the bundle's file in a repository, so
 * that versions of one module lie side by side ({@code org.dump.module.market-1.0.0.jar},
 * {@code org.dump.module.market-1.1.0.jar}).
 */
record BundleIdentity(String symbolicName, Version version) {

    /**
     * @throws IOException naming the file if it is not a jar or not an OSGi bundle
     */
    static BundleIdentity of(Path jar) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw new IOException(jar + " is not a jar: " + e.getMessage(), e);
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new IOException(jar + " is not an OSGi bundle (its manifest has no Bundle-SymbolicName)");
        }
        // Directives such as ";singleton:=true" are not part of the name.
        String name = symbolicName.split(";", 2)[0].strip();
        try {
            // As OSGi does: a bundle without Bundle-Version is version 0.0.0.
            String version = main.getValue("Bundle-Version");
            return new BundleIdentity(name, version == null ? Version.emptyVersion : new Version(version.strip()));
        } catch (IllegalArgumentException e) {
            throw new IOException(jar + " has no valid Bundle-Version: " + e.getMessage(), e);
        }
    }

    /** @return the bundle's file name in a repository */
    String fileName() {
        return symbolicName + "-" + version + ".jar";
    }

    @Override
    public String toString() {
        return symbolicName + " " + version;
    }
}
