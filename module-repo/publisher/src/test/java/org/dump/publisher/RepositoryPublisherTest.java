package org.dump.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.dump.crypto.Digests;
import org.dump.crypto.IndexSignature;
import org.dump.crypto.JarSignatures;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RepositoryPublisherTest {

    private static final char[] PASSWORD = "development".toCharArray();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Path work;
    private Path repository;
    private Publisher publisher;

    @Before
    public void developmentPublisher() throws Exception {
        work = folder.getRoot().toPath();
        repository = work.resolve("repository");
        Path keystore = work.resolve("dev-publisher/dev-publisher.p12");
        Publisher.createDevelopmentKeystore(keystore, PASSWORD, "publisher");
        publisher = Publisher.fromKeystore(keystore, PASSWORD, "publisher", null);
    }

    @Test
    public void aDevelopmentKeystoreSaysWhatItIs() throws Exception {
        assertTrue(publisher.development());
        assertEquals("dump-development", publisher.name());
        assertEquals(Publisher.DEVELOPMENT_SUBJECT, ((java.security.cert.X509Certificate) publisher.jarSigning()
                .getCertificate()).getSubjectX500Principal().getName());
    }

    @Test
    public void publishedBundlesAreSignedIndexedAndTheIndexSigned() throws Exception {
        Publication publication = new RepositoryPublisher(publisher).publish(repository, List.of(
                TestBundles.bundle(work, "org.example.market", "1.0"),
                TestBundles.bundle(work, "org.example.garden", "2.1.0.beta")));

        Path market = repository.resolve("org.example.market-1.0.0.jar");
        Path garden = repository.resolve("org.example.garden-2.1.0.beta.jar");
        assertEquals(List.of(market, garden), publication.published());
        for (Path bundle : publication.published()) {
            assertEquals(publisher.keyPair().publicKey(), JarSignatures.signer(bundle));
            assertJarsignerVerifies(bundle);
        }

        byte[] index = Files.readAllBytes(repository.resolve("index.xml"));
        RepositoryIndex read = RepositoryIndex.parse(index);
        assertEquals(Map.of("org.example.market-1.0.0.jar", sha256(market),
                "org.example.garden-2.1.0.beta.jar", sha256(garden)), read.contents());
        assertEquals(publication.increment(), read.increment());
        assertTrue(new String(index, UTF_8).contains("name=\"dump-development\""));
        assertTrue("bnd writes the digest in upper case", new String(index, UTF_8).contains(
                sha256(market).toUpperCase(java.util.Locale.ROOT)));

        IndexSignature signature = IndexSignature.parse(Files.readString(repository.resolve("index.xml.sig")));
        assertEquals(publisher.keyPair().publicKey(), signature.publisher());
        assertTrue(signature.verifies(index));

        String key = publisher.keyPair().publicKey().base64();
        List<String> publisherKey = Files.readAllLines(repository.resolve("publisher.key"));
        assertTrue(publisherKey.get(0), publisherKey.get(0).startsWith("# ")
                && publisherKey.get(0).contains("NOT FOR PRODUCTION"));
        assertEquals(key, publisherKey.get(1));
        String trust = Files.readString(repository.resolve("trust.cfg"));
        assertTrue(trust, trust.contains("\npublisher.dump-development = " + key + "\n"));
        assertTrue(trust, trust.contains("NOT FOR PRODUCTION"));
        assertTrue(trust, trust.contains("org.dump.repository.trust"));

        assertEquals("nothing but the repository's files", Set.of("org.example.market-1.0.0.jar",
                "org.example.garden-2.1.0.beta.jar", "index.xml", "index.xml.sig", "publisher.key", "trust.cfg"),
                fileNames(repository));
    }

    @Test
    public void publishingAgainKeepsEarlierBundlesAndRaisesTheIncrement() throws Exception {
        RepositoryPublisher publishing = new RepositoryPublisher(publisher);
        Publication first = publishing.publish(repository, List.of(
                TestBundles.bundle(work, "org.example.market", "1.0.0"),
                TestBundles.bundle(work, "org.example.garden", "1.0.0")));

        Publication second = publishing.publish(repository, List.of(
                TestBundles.bundle(work, "org.example.market", "1.1.0")));

        assertTrue(second.increment() > first.increment());
        assertEquals(List.of(repository.resolve("org.example.market-1.1.0.jar")), second.published());
        byte[] index = Files.readAllBytes(repository.resolve("index.xml"));
        RepositoryIndex read = RepositoryIndex.parse(index);
        assertEquals(Set.of("org.example.garden-1.0.0.jar", "org.example.market-1.0.0.jar",
                "org.example.market-1.1.0.jar"), read.contents().keySet());
        for (Map.Entry<String, String> content : read.contents().entrySet()) {
            assertEquals(sha256(repository.resolve(content.getKey())), content.getValue());
        }
        assertEquals(second.increment(), read.increment());
        assertTrue(IndexSignature.parse(Files.readString(repository.resolve("index.xml.sig"))).verifies(index));
    }

    @Test
    public void aBundleGoneFromTheFolderLeavesTheIndex() throws Exception {
        RepositoryPublisher publishing = new RepositoryPublisher(publisher);
        publishing.publish(repository, List.of(TestBundles.bundle(work, "org.example.market", "1.0.0")));
        Files.delete(repository.resolve("org.example.market-1.0.0.jar"));

        publishing.publish(repository, List.of(TestBundles.bundle(work, "org.example.garden", "1.0.0")));

        assertEquals(Set.of("org.example.garden-1.0.0.jar"),
                RepositoryIndex.parse(Files.readAllBytes(repository.resolve("index.xml"))).contents().keySet());
    }

    @Test
    public void aBundleSignedByThePublisherIsPublishedAsItIs() throws Exception {
        new RepositoryPublisher(publisher).publish(repository, List.of(
                TestBundles.bundle(work, "org.example.market", "1.0.0")));
        Path signed = Files.copy(repository.resolve("org.example.market-1.0.0.jar"), work.resolve("signed.jar"));

        Path elsewhere = work.resolve("elsewhere");
        new RepositoryPublisher(publisher).publish(elsewhere, List.of(signed));

        assertEquals(sha256(signed), sha256(elsewhere.resolve("org.example.market-1.0.0.jar")));
    }

    @Test
    public void whatCannotBePublishedIsRefusedAndNamed() throws Exception {
        RepositoryPublisher publishing = new RepositoryPublisher(publisher);
        Path plainJar = work.resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(plainJar), new java.util.jar.Manifest())) {
            out.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
        }
        assertRefused(publishing, "plain.jar is not an OSGi bundle (its manifest has no Bundle-SymbolicName)",
                plainJar);
        assertRefused(publishing, "is not a jar", Files.writeString(work.resolve("text.jar"), "text"));
        assertRefused(publishing, "no such bundle", work.resolve("missing.jar"));
        assertRefused(publishing, "are both org.example.market 1.0.0",
                TestBundles.bundle(work, "org.example.market", "1.0"),
                TestBundles.bundle(work, "org.example.market", "1.0.0"));
        assertFalse("nothing was written", Files.exists(repository));
    }

    @Test
    public void anotherPublishersBundlesAreNotMixedIn() throws Exception {
        new RepositoryPublisher(publisher).publish(repository, List.of(
                TestBundles.bundle(work, "org.example.market", "1.0.0")));
        Path otherKeystore = work.resolve("other.p12");
        Publisher.createDevelopmentKeystore(otherKeystore, PASSWORD, "publisher");
        RepositoryPublisher other = new RepositoryPublisher(
                Publisher.fromKeystore(otherKeystore, PASSWORD, "publisher", "other"));

        assertRefused(other, "is signed by another key", TestBundles.bundle(work, "org.example.garden", "1.0.0"));
        assertRefused(new RepositoryPublisher(publisher), "is already signed by another Ed25519 key",
                TestBundles.bundle(work, "org.example.lamp", "1.0.0"),
                signedBy(other, TestBundles.bundle(work, "org.example.garden", "1.0.0")));
        assertEquals("the refused publications changed nothing", Set.of("org.example.market-1.0.0.jar", "index.xml",
                "index.xml.sig", "publisher.key", "trust.cfg"), fileNames(repository));
    }

    private Path signedBy(RepositoryPublisher other, Path bundle) throws Exception {
        Publication publication = other.publish(work.resolve("others"), List.of(bundle));
        return publication.published().get(0);
    }

    private void assertRefused(RepositoryPublisher publishing, String message, Path... bundles) {
        PublicationException e = assertThrows(PublicationException.class,
                () -> publishing.publish(repository, List.of(bundles)));
        assertTrue(e.getMessage() + " should say " + message, e.getMessage().contains(message));
    }

    static void assertJarsignerVerifies(Path jar) throws Exception {
        Process verify = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString(),
                "-verify", jar.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), UTF_8);
        assertEquals(output, 0, verify.waitFor());
        assertTrue(output, output.contains("jar verified"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(Digests.sha256(Files.readAllBytes(file)));
    }

    private static Set<String> fileNames(Path folder) throws Exception {
        Map<String, Path> names = new TreeMap<>();
        try (var files = Files.list(folder)) {
            files.forEach(file -> names.put(file.getFileName().toString(), file));
        }
        return names.keySet();
    }
}
