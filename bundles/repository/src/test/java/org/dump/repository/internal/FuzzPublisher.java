package org.dump.repository.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.dump.crypto.Digests;
import org.dump.crypto.IndexSignature;
import org.dump.publisher.Publisher;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.Version;

/**
 * What the fuzz tests of this bundle share (issue 27): the publisher whose development key is committed under
 * {@code fuzz/} (a test key, NOT FOR PRODUCTION, kept so that the committed seeds stay signed by it), the bundle it
 * signed ({@code fuzz/signed.jar}, bnd-built and signed by the publisher tool), a trust list that trusts it, a
 * scratch folder, and the invariant of a bundle's check: a jar passes {@link BundleCheck} only with the content
 * the publisher signed.
 */
final class FuzzPublisher {

    static final Publisher PUBLISHER;
    static final SignedRepositories.Trust TRUST;
    static final byte[] SIGNED_JAR;
    /** Each signed entry of {@link #SIGNED_JAR} by name, the signature's own files excepted. */
    static final Map<String, byte[]> SIGNED_ENTRIES;
    static final Manifest SIGNED_MANIFEST;
    /** An index of the publisher, checked (its resources do not matter to a bundle's check). */
    static final SignedIndex INDEX;
    /** A folder of this JVM, deleted at its exit. */
    static final Path WORK;

    /** Kept, so that its level holds: java.util.jar warns of every duplicate manifest header it reads. */
    private static final Logger JAR_WARNINGS = Logger.getLogger("java.util.jar");

    static {
        JAR_WARNINGS.setLevel(Level.OFF);
        try {
            WORK = Files.createTempDirectory("dump-fuzz-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(WORK)));
            Path keystore = WORK.resolve("publisher.p12");
            Files.write(keystore, file("fuzz/publisher.p12"));
            PUBLISHER = Publisher.fromKeystore(keystore, "fuzz-test-only".toCharArray(), "publisher", "fuzz");
            TRUST = new SignedRepositories.Trust().trust(PUBLISHER);
            SIGNED_JAR = file("fuzz/signed.jar");
            Path jar = WORK.resolve("signed.jar");
            Files.write(jar, SIGNED_JAR);
            SIGNED_ENTRIES = entries(jar);
            SIGNED_MANIFEST = manifest(jar);
            byte[] xml = ("<repository xmlns='" + RepositoryIndex.NAMESPACE + "' name='fuzz' increment='1'/>")
                    .getBytes(StandardCharsets.UTF_8);
            INDEX = SignedIndex.verify(xml, IndexSignature.sign(PUBLISHER.keyPair(), xml).toText()
                    .getBytes(StandardCharsets.UTF_8), TRUST, "the fuzz test");
            BundleCheck.verify(jar, resource(hex(Digests.sha256(SIGNED_JAR))), INDEX); // the seeds' key is right
            // The first refusal loads (and Jazzer instruments) classes for a second: not the time of any input.
            RepositoryHttp.reason(new IOException("warm-up"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FuzzPublisher() {
    }

    /**
     * Checks a jar as a bundle that the publisher's signed index lists with the jar's own digest (as if the
     * publisher had indexed whatever it is): so the JAR signature is what decides. It must pass only if every entry
     * is one the publisher signed, with the content signed, and the manifest's main attributes are the signed ones;
     * otherwise be refused with a {@link ModuleRefusedException}; and within a second. Listed with the digest of the
     * signed jar instead, only the signed jar itself passes.
     *
     * @return whether it passed
     */
    static boolean checkBundle(byte[] bytes) throws Exception {
        Path jar = WORK.resolve("bundle.jar");
        Files.write(jar, bytes);
        long began = System.nanoTime();
        boolean passed;
        try {
            BundleCheck.verify(jar, resource(hex(Digests.sha256(bytes))), INDEX);
            passed = true;
        } catch (ModuleRefusedException refused) {
            assertNotNull(refused.getMessage());
            passed = false;
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + bytes.length + " bytes");
        if (passed) {
            Map<String, byte[]> entries = entries(jar);
            assertFalse(entries.isEmpty(), "a jar without content passed");
            entries.forEach((name, content) -> {
                assertTrue(SIGNED_ENTRIES.containsKey(name), "unsigned entry " + name + " passed");
                assertArrayEquals(SIGNED_ENTRIES.get(name), content, "altered entry " + name + " passed");
            });
            assertEquals(SIGNED_MANIFEST.getMainAttributes(), manifest(jar).getMainAttributes());
        }
        try {
            BundleCheck.verify(jar, resource(hex(Digests.sha256(SIGNED_JAR))), INDEX);
            assertArrayEquals(SIGNED_JAR, bytes, "another jar passed for the one the index lists");
        } catch (ModuleRefusedException refused) {
            assertFalse(Arrays.equals(SIGNED_JAR, bytes), refused.getMessage());
        }
        return passed;
    }

    /** @return an index entry for a bundle with this SHA-256 */
    static IndexResource resource(String sha256) {
        IndexResource resource = new IndexResource();
        resource.add("osgi.identity", Map.of("osgi.identity", "org.example.fuzz", "version", new Version(1, 0, 0)),
                Map.of(), true);
        resource.add(IndexResource.CONTENT_NAMESPACE, Map.of(IndexResource.CONTENT_NAMESPACE, sha256), Map.of(),
                true);
        return resource;
    }

    /** @return the content of each entry of a jar but directories and the signature's own files, by name */
    static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements();) {
                ZipEntry entry = all.nextElement();
                if (!entry.isDirectory() && !isSignatureFile(entry.getName())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return entries;
    }

    static byte[] file(String name) throws IOException {
        try (InputStream in = FuzzPublisher.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
            assertNotNull(entry, "no manifest");
            try (InputStream in = zip.getInputStream(entry)) {
                return new Manifest(new ByteArrayInputStream(in.readAllBytes()));
            }
        }
    }

    /** The signature's own files, as {@code JarSignatures} skips them: the manifest and META-INF/*.SF, .EC, ... */
    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.equals("MANIFEST.MF") || file.startsWith("SIG-") || file.endsWith(".SF")
                || file.endsWith(".DSA") || file.endsWith(".RSA") || file.endsWith(".EC");
    }

    static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
