package org.dump.publisher;

import java.nio.file.Path;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/** Tiny real bundles, made with bnd at test time. */
final class TestBundles {

    private TestBundles() {
    }

    static Path bundle(Path folder, String symbolicName, String version) throws Exception {
        Path file = folder.resolve(symbolicName + "_" + version + "_unsigned.jar");
        try (Builder builder = new Builder()) {
            builder.setProperty("Bundle-SymbolicName", symbolicName);
            builder.setProperty("Bundle-Version", version);
            builder.setProperty("-resourceonly", "true");
            builder.setProperty("-includeresource", "ui/index.html;literal='<h1>" + symbolicName + " " + version
                    + "</h1>'");
            try (Jar jar = builder.build()) {
                if (!builder.isOk()) {
                    throw new IllegalStateException(builder.getErrors().toString());
                }
                jar.write(file.toFile());
            }
        }
        return file;
    }
}
