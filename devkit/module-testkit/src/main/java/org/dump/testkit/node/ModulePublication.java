package org.dump.testkit.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.api.module.ModuleNamespace;
import org.dump.publisher.Publisher;
import org.dump.publisher.PublicationException;
import org.dump.publisher.RepositoryPublisher;

/**
 * The module under test published as its developer publishes it (docs/modules.md, Publishing): JAR-signed into a
 * signed repository by a publisher's Ed25519 key, here a development key made for the test run.
 *
 * @param repository the repository folder (index.xml, its signature, the signed bundle)
 * @param publisherKey the publisher's public key, base64, as {@code dump:trust-add} takes it
 * @param moduleId the module id the bundle declares ({@code @Module(id)})
 */
record ModulePublication(Path repository, String publisherKey, String moduleId) {

    private static final char[] STOREPASS = "dump-testkit".toCharArray();

    /** The module id in the bundle's {@code dump.module} capability, quoted or not, typed or not. */
    private static final Pattern MODULE_ID = Pattern.compile(
            "(?:^|[;,])\\s*dump\\.module(?::String)?\\s*=\\s*\"?(" + ModuleNamespace.ID_PATTERN + ")\"?");

    /** Signs {@code bundle} into {@code work}/repository with a development key kept in {@code work}. */
    static ModulePublication publish(Path bundle, Path work) throws IOException {
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalArgumentException("no module bundle at " + bundle + " (build it first: mvn package)");
        }
        Path keystore = work.resolve("publisher/dev-publisher.p12");
        if (!Files.exists(keystore)) {
            Files.createDirectories(keystore.getParent());
            Publisher.createDevelopmentKeystore(keystore, STOREPASS, "publisher");
        }
        try {
            Publisher publisher = Publisher.fromKeystore(keystore, STOREPASS, "publisher", null);
            Path repository = Files.createDirectories(work.resolve("repository"));
            new RepositoryPublisher(publisher).publish(repository, List.of(bundle));
            return new ModulePublication(repository, publisher.keyPair().publicKey().base64(), moduleId(bundle));
        } catch (PublicationException | java.security.GeneralSecurityException e) {
            throw new IOException("could not publish " + bundle + ": " + e.getMessage(), e);
        }
    }

    /** @return the module id that {@code bundle} declares */
    static String moduleId(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            String capabilities = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue("Provide-Capability");
            Matcher id = MODULE_ID.matcher(capabilities == null ? "" : capabilities);
            if (!id.find()) {
                throw new IllegalArgumentException(bundle + " declares no module: its manifest has no dump.module "
                        + "capability (put @Module(id = ..., dataVersion = ...) on a class, docs/modules.md)");
            }
            return id.group(1);
        }
    }
}
