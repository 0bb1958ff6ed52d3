package org.dump.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dump.publisher.Publisher;
import org.dump.publisher.RepositoryPublisher;

/**
 * New releases of the market for the multi-node tests, published as its publisher would: the built market bundle
 * under another Bundle-Version (and, for a new major version, another data version), signed with the build's
 * development key by the publisher tool into a copy of the build's repository, whose index then lists every
 * version published so far.
 */
public final class ModuleReleases {

    private final Path work;
    private final Path repository;

    /** @param work where the releases and the repository are written */
    public ModuleReleases(Path work) throws IOException {
        this.work = work;
        this.repository = Files.createDirectories(work.resolve("repository"));
        try (var files = Files.list(Path.of(System.getProperty("dump.module.repository")))) {
            for (Path file : files.toList()) {
                Files.copy(file, repository.resolve(file.getFileName()));
            }
        }
    }

    /** The development publisher of this build (system properties dump.publisher.keystore and …storepass). */
    public static Publisher developmentPublisher() throws Exception {
        return Publisher.fromKeystore(Path.of(System.getProperty("dump.publisher.keystore")),
                System.getProperty("dump.publisher.storepass").toCharArray(), "publisher", null);
    }

    /**
     * Publishes the market at {@code version} with data version {@code dataVersion}, signed by the development
     * publisher.
     *
     * @return the repository folder
     */
    public Path publishMarket(String version, String dataVersion) throws Exception {
        return publishMarket(version, dataVersion, null);
    }

    /**
     * Publishes the market at {@code version} as above, importing also {@code extraImport} (a clause of
     * Import-Package) if not null: a market that reaches past the adapter API, signed as a real one.
     *
     * @return the repository folder
     */
    public Path publishMarket(String version, String dataVersion, String extraImport) throws Exception {
        Path bundle = release(Path.of(System.getProperty("dump.market.jar")), version, dataVersion, extraImport);
        new RepositoryPublisher(developmentPublisher()).publish(repository, List.of(bundle));
        return repository;
    }

    /** The bundle with another version (and an extra import) in its manifest; everything else as built. */
    private Path release(Path bundle, String version, String dataVersion, String extraImport) throws IOException {
        Path release = Files.createDirectories(work.resolve("releases")).resolve("market-" + version + ".jar");
        Manifest manifest;
        try (JarFile in = new JarFile(bundle.toFile())) {
            manifest = manifest(in, version, dataVersion);
        }
        if (extraImport != null) {
            Attributes main = manifest.getMainAttributes();
            main.putValue("Import-Package", main.getValue("Import-Package") + "," + extraImport);
        }
        try (JarFile in = new JarFile(bundle.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(release), manifest)) {
            for (JarEntry entry : in.stream().toList()) {
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream content = in.getInputStream(entry)) {
                    content.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return release;
    }

    private static Manifest manifest(JarFile jar, String version, String dataVersion) throws IOException {
        Manifest manifest = new Manifest(jar.getManifest());
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-Version", version);
        main.putValue("Provide-Capability", main.getValue("Provide-Capability")
                .replaceAll("data\\.version=\"[^\"]*\"", "data.version=\"" + dataVersion + "\""));
        return manifest;
    }
}
