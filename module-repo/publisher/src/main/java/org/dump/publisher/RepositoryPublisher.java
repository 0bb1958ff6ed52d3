package org.dump.publisher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.IndexSignature;
import org.dump.crypto.JarSignatureException;
import org.dump.crypto.JarSignatures;

import jdk.security.jarsigner.JarSigner;
import jdk.security.jarsigner.JarSignerException;

/**
 * Publishes module bundles into a repository folder that DUMP nodes read:
 * <ul>
 * <li>each bundle JAR-signed with the publisher's key (as {@code jarsigner} signs), named
 * {@code <Bundle-SymbolicName>-<Bundle-Version>.jar};</li>
 * <li>{@value RepositoryIndex#FILE_NAME}, an OSGi R5 index with SHA-256 and relative urls of every bundle the
 * publisher still offers there, and an {@code increment} higher than any earlier index of the folder (nodes refuse an
 * index older than one they saw: no replaying an old index with a known flaw);</li>
 * <li>{@value IndexSignature#FILE_NAME}, the publisher's signature of the index;</li>
 * <li>{@value #PUBLISHER_KEY} (the public key, to be handed to node administrators) and {@value #TRUST_CFG} (the
 * lines a node's {@code etc/org.dump.repository.trust.cfg} needs to trust this publisher).</li>
 * </ul>
 * A folder holds one publisher's repository; publishing again adds bundles to what earlier publications left.
 */
public final class RepositoryPublisher {

    /** The publisher's public key, for node administrators. */
    public static final String PUBLISHER_KEY = "publisher.key";

    /** The trust configuration (PID {@value #TRUST_PID}) that makes a node accept this publisher. */
    public static final String TRUST_CFG = "trust.cfg";

    /** Configuration PID of a node's list of trusted publishers. */
    public static final String TRUST_PID = "org.dump.repository.trust";

    // jarsigner names a signer's files META-INF/<name>.SF and .EC after it; at most 8 characters.
    private static final String SIGNER_NAME = "DUMP";

    private static final Random RANDOM = new SecureRandom();

    private final Publisher publisher;

    public RepositoryPublisher(Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Signs {@code bundles} into the repository {@code folder} and writes its index, signature, key and trust files
     * anew.
     *
     * @throws PublicationException naming the problem: a file that is no bundle, two bundles of the same name and
     *                              version, a bundle already signed by someone else, or an earlier bundle in the
     *                              folder signed by another key
     * @throws IOException          if reading or writing fails
     */
    public Publication publish(Path folder, List<Path> bundles) throws IOException, PublicationException {
        // The index names files by url, resolved against the folder: compare them as absolute paths.
        Path repository = folder.toAbsolutePath().normalize();
        // Everything that can be refused is checked before the folder changes.
        List<Planned> planned = plan(repository, bundles);
        Files.createDirectories(repository);
        RepositoryIndex earlier = earlierIndex(repository);
        List<Path> kept = keptBundles(repository, earlier, planned.stream().map(Planned::target).toList());

        List<Path> published = new ArrayList<>();
        for (Planned bundle : planned) {
            published.add(signInto(bundle));
        }
        Set<Path> indexed = new TreeSet<>(kept);
        indexed.addAll(published);

        long increment = Math.max(System.currentTimeMillis(), earlier.increment() + 1);
        byte[] index = RepositoryIndex.write(repository, indexed, publisher.name(), increment);
        checkIndexed(index, repository, indexed);
        writeAtomically(repository.resolve(RepositoryIndex.FILE_NAME), index);
        writeAtomically(repository.resolve(IndexSignature.FILE_NAME),
                IndexSignature.sign(publisher.keyPair(), index).toText().getBytes(StandardCharsets.UTF_8));
        writeAtomically(repository.resolve(PUBLISHER_KEY), publisherKeyText().getBytes(StandardCharsets.UTF_8));
        writeAtomically(repository.resolve(TRUST_CFG), trustText().getBytes(StandardCharsets.UTF_8));
        return new Publication(repository, increment, published, List.copyOf(indexed));
    }

    /**
     * A bundle to publish.
     *
     * @param source      the bundle as given
     * @param target      its file in the repository
     * @param signedByUs  whether it carries this publisher's signature already (and is copied as it is)
     */
    private record Planned(Path source, Path target, boolean signedByUs) {
    }

    /** @return for each bundle, its file in the repository; nothing is written yet */
    private List<Planned> plan(Path repository, List<Path> bundles) throws PublicationException {
        if (bundles.isEmpty()) {
            throw new PublicationException("no bundles to publish");
        }
        List<Planned> planned = new ArrayList<>();
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path bundle : bundles) {
            if (!Files.isRegularFile(bundle)) {
                throw new PublicationException("no such bundle: " + bundle);
            }
            BundleIdentity identity;
            try {
                identity = BundleIdentity.of(bundle);
            } catch (IOException e) {
                throw new PublicationException(e.getMessage(), e);
            }
            Path other = byName.put(identity.fileName(), bundle);
            if (other != null) {
                throw new PublicationException(other + " and " + bundle + " are both " + identity);
            }
            planned.add(new Planned(bundle, repository.resolve(identity.fileName()), signedByThisPublisher(bundle)));
        }
        return planned;
    }

    private static RepositoryIndex earlierIndex(Path repository) throws PublicationException {
        Path file = repository.resolve(RepositoryIndex.FILE_NAME);
        if (!Files.exists(file)) {
            return new RepositoryIndex(-1, Map.of());
        }
        try {
            return RepositoryIndex.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new PublicationException("the earlier index " + file + " cannot be read (" + e.getMessage()
                    + "); remove it, or publish into another folder", e);
        }
    }

    /**
     * The bundles of earlier publications that are still in the folder and not replaced now. They must carry this
     * publisher's signature: an index that lists a bundle signed by anyone else would be refused by every node.
     */
    private List<Path> keptBundles(Path repository, RepositoryIndex earlier, Collection<Path> replaced)
            throws PublicationException {
        List<Path> kept = new ArrayList<>();
        for (Path bundle : earlier.files(repository)) {
            if (!Files.isRegularFile(bundle) || replaced.contains(bundle)) {
                continue;
            }
            Ed25519PublicKey signer;
            try {
                signer = JarSignatures.signer(bundle);
            } catch (JarSignatureException e) {
                throw new PublicationException("the earlier bundle " + bundle + " cannot stay in the repository: "
                        + e.getMessage() + "; remove it, or publish into another folder", e);
            }
            if (!signer.equals(publisher.keyPair().publicKey())) {
                throw new PublicationException("the earlier bundle " + bundle + " is signed by another key ("
                        + signer.fingerprint() + ") than this publisher's (" + publisher.keyPair().publicKey()
                        .fingerprint() + "); remove it, or publish into another folder");
            }
            kept.add(bundle);
        }
        return kept;
    }

    /** Signs the bundle into its file in the repository, or copies it there if it carries our signature already. */
    private Path signInto(Planned bundle) throws IOException, PublicationException {
        Path temporary = temporaryNextTo(bundle.target());
        try {
            if (bundle.signedByUs()) {
                Files.copy(bundle.source(), temporary, StandardCopyOption.REPLACE_EXISTING);
            } else {
                JarSigner signer = new JarSigner.Builder(publisher.jarSigning()).signerName(SIGNER_NAME).build();
                try (ZipFile in = new ZipFile(bundle.source().toFile());
                        OutputStream out = Files.newOutputStream(temporary)) {
                    signer.sign(in, out);
                }
            }
            move(temporary, bundle.target());
            return bundle.target();
        } catch (JarSignerException e) {
            throw new PublicationException("could not sign " + bundle.source() + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * @return false for an unsigned bundle
     * @throws PublicationException for a bundle signed by anyone else: nodes accept a single signer, and a second
     *                              signature would be one too many
     */
    private boolean signedByThisPublisher(Path bundle) throws PublicationException {
        try {
            Ed25519PublicKey signer = JarSignatures.signer(bundle);
            if (signer.equals(publisher.keyPair().publicKey())) {
                return true;
            }
            throw new PublicationException(bundle + " is already signed by another Ed25519 key (" + signer
                    .fingerprint() + "); DUMP nodes accept one signer only: publish an unsigned build of it");
        } catch (JarSignatureException e) {
            if (e.problem() == JarSignatureException.Problem.NOT_SIGNED) {
                return false;
            }
            throw new PublicationException(bundle + " is already signed, and not as nodes accept (" + e.getMessage()
                    + "): publish an unsigned build of it", e);
        }
    }

    /** bnd's indexer leaves out, with no more than a log line, what it cannot read: make sure nothing went missing. */
    private static void checkIndexed(byte[] index, Path repository, Set<Path> bundles) throws IOException {
        List<Path> listed = RepositoryIndex.parse(index).files(repository);
        Set<Path> missing = new TreeSet<>(bundles);
        listed.forEach(missing::remove);
        if (!missing.isEmpty()) {
            throw new IOException("the indexer left out " + missing);
        }
    }

    private String publisherKeyText() {
        Ed25519PublicKey key = publisher.keyPair().publicKey();
        return "# DUMP module publisher '" + publisher.name() + "': Ed25519 public key, base64 of its raw 32 bytes"
                + " (fingerprint " + key.fingerprint() + ")" + (publisher.development()
                        ? " - a DEVELOPMENT key, NOT FOR PRODUCTION" : "") + "\n"
                + key.base64() + "\n";
    }

    private String trustText() {
        Ed25519PublicKey key = publisher.keyPair().publicKey();
        StringBuilder text = new StringBuilder()
                .append("# Module publishers a DUMP node trusts (configuration PID ").append(TRUST_PID)
                .append(", etc/").append(TRUST_PID).append(".cfg):\n")
                .append("# one line publisher.<name> = <base64 of the publisher's raw Ed25519 public key> each.\n")
                .append("# A node installs a module only from a repository whose index and bundles such a key signed.\n");
        if (publisher.development()) {
            text.append("#\n# '").append(publisher.name()).append("' is the DEVELOPMENT publisher key generated by a")
                    .append(" DUMP build - NOT FOR PRODUCTION.\n")
                    .append("# Whoever has that build's keystore can sign modules for nodes that keep this line.\n");
        }
        text.append("# ").append(publisher.name()).append(": fingerprint ").append(key.fingerprint()).append('\n')
                .append("publisher.").append(publisher.name()).append(" = ").append(key.base64()).append('\n');
        return text.toString();
    }

    /** Readers of the folder (nodes fetching it) see the old file or the new one, never half of one. */
    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temporary = temporaryNextTo(file);
        try {
            Files.write(temporary, content);
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new empty file in the folder of {@code file} (so that moving it there is atomic), hidden from the indexer by
     * its leading dot. Unlike {@link Files#createTempFile} it gets the usual permissions: a repository is public.
     */
    private static Path temporaryNextTo(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        for (int attempt = 0;; attempt++) {
            try {
                return Files.createFile(folder.resolve(".publishing-" + Long.toHexString(RANDOM.nextLong())));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
