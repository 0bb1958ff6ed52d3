package org.dump.repository.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dump.crypto.IndexSignature;
import org.dump.repository.ModuleRefusedException;
import org.dump.repository.PublisherTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own repository, on disk: the newest signed index of every publisher it has heard of
 * ({@code publishers/FINGERPRINT/index.xml} and {@code index.xml.sig}, exactly as the publisher signed them) and
 * the bundles it has ({@code bundles/SHA256.jar}), each checked before it was kept. What it serves to its peers.
 * Files are written beside their place and moved in, so a crash leaves either the old file or the new one.
 */
final class Holdings {

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Logger LOG = LoggerFactory.getLogger(Holdings.class);

    private final Path publishers;
    private final Path bundles;
    private final Path provenance;
    private final PublisherTrust trust;

    Holdings(Path directory, PublisherTrust trust) {
        this.publishers = directory.resolve("publishers");
        this.bundles = directory.resolve("bundles");
        this.provenance = directory.resolve("installed.properties");
        this.trust = trust;
        try {
            Files.createDirectories(publishers);
            Files.createDirectories(bundles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the repository folder " + directory, e);
        }
    }

    /** @return the held index of every publisher that is trusted now, checked again against its signature */
    synchronized List<SignedIndex> indexes() {
        List<SignedIndex> indexes = new ArrayList<>();
        try (Stream<Path> folders = Files.list(publishers)) {
            for (Path folder : folders.sorted().toList()) {
                read(folder).ifPresent(indexes::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return indexes;
    }

    synchronized Optional<SignedIndex> index(String fingerprint) {
        Path folder = publishers.resolve(fingerprint);
        return Files.isDirectory(folder) ? read(folder) : Optional.empty();
    }

    /** @return the increment of the index held for a publisher, trusted or not, or -1 */
    synchronized long increment(String fingerprint) {
        Path xml = publishers.resolve(fingerprint).resolve("index.xml");
        if (!Files.isRegularFile(xml)) {
            return -1;
        }
        try {
            return RepositoryIndex.parse(Files.readAllBytes(xml)).increment();
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Keeps a checked index as the publisher's current one, if it is newer than the one held.
     *
     * @return false if the same index (same increment) is held already
     * @throws ModuleRefusedException if it is older than the one held: an old index offered again (a replay)
     */
    synchronized boolean adopt(SignedIndex index, String source) throws ModuleRefusedException {
        long held = increment(index.fingerprint());
        if (index.increment() < held) {
            throw new OlderIndexException("The index of publisher " + index.publisher().name() + " from " + source
                    + " is older than the one this node holds (increment " + index.increment() + " < " + held
                    + "): an old index offered again is not taken");
        }
        if (index.increment() == held) {
            return false;
        }
        Path folder = publishers.resolve(index.fingerprint());
        try {
            Files.createDirectories(folder);
            // The signature last: a reader who finds the new index with the old signature sees a mismatch and
            // skips it, never a wrong index taken for signed.
            write(folder.resolve("index.xml"), index.xml());
            write(folder.resolve(IndexSignature.FILE_NAME), index.signature().toText().getBytes(
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot keep the index of " + index.publisher().name() + ": "
                    + RepositoryHttp.reason(e), e);
        }
        LOG.info("Holding the index of publisher {} from {} (increment {}, {} bundle(s))", index.publisher().name(),
                source, index.increment(), index.index().resources().size());
        return true;
    }

    /**
     * Keeps a checked index if it is newer than the one held, and otherwise leaves what is held as it is.
     *
     * @return whether it was taken
     */
    synchronized boolean adoptIfNewer(SignedIndex index, String source) throws ModuleRefusedException {
        return index.increment() > increment(index.fingerprint()) && adopt(index, source);
    }

    /** @return the folder of this repository, where other files of it may be kept beside the holdings */
    Path directory() {
        return publishers.getParent();
    }

    /** An index older than the one held: a replay, or a publication that this node has overtaken. */
    static final class OlderIndexException extends ModuleRefusedException {

        private static final long serialVersionUID = 1L;

        OlderIndexException(String message) {
            super(message);
        }
    }

    /** @return the held bundle with this SHA-256 */
    Optional<Path> bundle(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = bundles.resolve(sha256 + ".jar");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Moves a checked bundle in; {@code checked} is gone afterwards. */
    Path keep(String sha256, Path checked) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        Path file = bundles.resolve(sha256 + ".jar");
        move(checked, file);
        return file;
    }

    /**
     * Where an installed bundle came from: the publisher and digest of the index entry it was installed from. Kept
     * apart from the indexes, because a publisher's next index may no longer list the version that runs here, and
     * updates must still come from that publisher and the old version must still be at hand to come back to.
     */
    record Provenance(String fingerprint, String sha256) {
    }

    synchronized void remember(IndexResource resource, SignedIndex index) throws IOException {
        Properties installed = installed();
        installed.setProperty(resource.symbolicName() + "/" + resource.version(), index.fingerprint() + " "
                + resource.sha256());
        StringWriter text = new StringWriter();
        installed.store(text, "Bundles installed from signed repositories: name/version = publisher digest");
        write(provenance, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    synchronized Optional<Provenance> provenance(String symbolicName, String version) {
        String value = installed().getProperty(symbolicName + "/" + version);
        if (value == null || value.split(" ").length != 2) {
            return Optional.empty();
        }
        String[] parts = value.split(" ");
        return Optional.of(new Provenance(parts[0], parts[1]));
    }

    private Properties installed() {
        Properties installed = new Properties();
        if (Files.isRegularFile(provenance)) {
            try (Reader in = Files.newBufferedReader(provenance, StandardCharsets.ISO_8859_1)) {
                installed.load(in);
            } catch (IOException e) {
                LOG.warn("Cannot read {}: {}", provenance, e.getMessage());
            }
        }
        return installed;
    }

    /** @return the SHA-256 of every bundle held */
    Set<String> digests() {
        Set<String> digests = new HashSet<>();
        try (Stream<Path> files = Files.list(bundles)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                    .map(n -> n.substring(0, n.length() - 4)).filter(d -> SHA256.matcher(d).matches())
                    .forEach(digests::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    /** A temporary file in the repository's folder, on the same file system as the bundles. */
    Path temporary() throws IOException {
        return Files.createTempFile(bundles, "download-", ".part");
    }

    private Optional<SignedIndex> read(Path folder) {
        try {
            Path xml = folder.resolve("index.xml");
            Path signature = folder.resolve(IndexSignature.FILE_NAME);
            if (!Files.isRegularFile(xml) || !Files.isRegularFile(signature)) {
                return Optional.empty();
            }
            return Optional.of(SignedIndex.verify(Files.readAllBytes(xml), Files.readAllBytes(signature), trust,
                    "this node's repository"));
        } catch (ModuleRefusedException e) {
            LOG.debug("Not using the held index in {}: {}", folder, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read the held index in {}: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    private void write(Path target, byte[] content) throws IOException {
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        Files.write(part, content);
        move(part, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
