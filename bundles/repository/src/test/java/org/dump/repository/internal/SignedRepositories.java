package org.dump.repository.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.IndexSignature;
import org.dump.federation.PeerDirectory;
import org.dump.publisher.Publisher;
import org.dump.publisher.RepositoryPublisher;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/**
 * Publishers, module bundles and signed repositories for tests, made with the same tools a publisher uses: bnd
 * builds the bundles, the publisher tool signs them and writes the index and its signature.
 */
final class SignedRepositories {

    private final Path folder;
    private final char[] password = "test-password".toCharArray();

    SignedRepositories(Path folder) {
        this.folder = folder;
    }

    Publisher publisher(String name) throws Exception {
        Path keystore = folder.resolve("keys").resolve(name + ".p12");
        Publisher.createDevelopmentKeystore(keystore, password, "publisher");
        return Publisher.fromKeystore(keystore, password, "publisher", name);
    }

    /** A module bundle declaring {@code dump.module=module}, with more manifest headers in pairs. */
    Path module(String symbolicName, String version, String module, String... headers) throws Exception {
        Path file = folder.resolve("built").resolve(symbolicName + "-" + version + "-" + headers.length + ".jar");
        Files.createDirectories(file.getParent());
        try (Builder builder = new Builder()) {
            builder.setProperty("Bundle-SymbolicName", symbolicName);
            builder.setProperty("Bundle-Version", version);
            builder.setProperty("Provide-Capability", "dump.module;dump.module=" + module
                    + ";data.version:Version=1.0.0");
            builder.setProperty("-resourceonly", "true");
            builder.setProperty("-includeresource", "about.txt;literal='" + symbolicName + " " + version + "'");
            for (int i = 0; i < headers.length; i += 2) {
                builder.setProperty(headers[i], headers[i + 1]);
            }
            try (Jar jar = builder.build()) {
                if (!builder.isOk()) {
                    throw new IllegalStateException(builder.getErrors().toString());
                }
                jar.write(file.toFile());
            }
        }
        return file;
    }

    /** Publishes the bundles into {@code repository} (added to what it holds), signed by {@code publisher}. */
    Path publish(Publisher publisher, String repository, Path... bundles) throws Exception {
        Path target = folder.resolve("repositories").resolve(repository);
        new RepositoryPublisher(publisher).publish(target, List.of(bundles));
        return target;
    }

    /** Rewrites a repository's index with {@code edit} and signs it again as {@code publisher}: a lying index. */
    static void resign(Path repository, Publisher publisher, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        Path index = repository.resolve("index.xml");
        byte[] changed = edit.apply(Files.readString(index)).getBytes(StandardCharsets.UTF_8);
        Files.write(index, changed);
        Files.writeString(repository.resolve(IndexSignature.FILE_NAME),
                IndexSignature.sign(publisher.keyPair(), changed).toText());
    }

    /** A trust list in memory, as the configuration-backed one behaves. */
    static final class Trust implements PublisherTrust {

        private final Map<String, TrustedPublisher> byName = new ConcurrentHashMap<>();

        Trust trust(Publisher publisher) {
            add(publisher.name(), publisher.keyPair().publicKey().base64());
            return this;
        }

        @Override
        public List<TrustedPublisher> list() {
            return new ArrayList<>(byName.values());
        }

        @Override
        public Optional<TrustedPublisher> byFingerprint(String fingerprint) {
            return byName.values().stream().filter(p -> p.fingerprint().equals(fingerprint)).findFirst();
        }

        @Override
        public TrustedPublisher add(String name, String publicKey) {
            Ed25519PublicKey key = Ed25519PublicKey.fromBase64(publicKey);
            TrustedPublisher publisher = new TrustedPublisher(name, key.base64(), key.fingerprint());
            byName.put(name, publisher);
            return publisher;
        }

        @Override
        public boolean remove(String nameOrFingerprint) {
            return byName.values().removeIf(p -> p.name().equals(nameOrFingerprint)
                    || p.fingerprint().equals(nameOrFingerprint));
        }
    }

    /** A node without peers. */
    static PeerDirectory noPeers() {
        return (PeerDirectory) Proxy.newProxyInstance(PeerDirectory.class.getClassLoader(),
                new Class<?>[] {PeerDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        return List.of();
                    }
                    if (method.getName().equals("misbehaved")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
