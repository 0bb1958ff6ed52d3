package org.dump.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dump.crypto.JarSignatureException.Problem;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JarSignaturesTest {

    @ClassRule
    public static final TemporaryFolder FOLDER = new TemporaryFolder();

    private static final Map<String, String> CONTENT = Map.of(
            "org/dump/Listing.class", "not really a class, but bytes to sign",
            "ui/index.html", "<h1>Market</h1>");

    private static Path directory;
    private static Path publisherKeystore;
    private static Path unsigned;
    private static Path signed;

    @BeforeClass
    public static void signAJar() throws Exception {
        directory = FOLDER.getRoot().toPath();
        publisherKeystore = SigningKeys.keystore(directory, "publisher", "Ed25519");
        unsigned = SigningKeys.jar(directory.resolve("unsigned.jar"), CONTENT);
        signed = SigningKeys.sign(publisherKeystore, unsigned, directory.resolve("signed.jar"));
    }

    @Test
    public void aJarSignedWithAnEd25519KeyNamesThatKey() throws Exception {
        Ed25519KeyPair publisher = PublisherKeystore.read(publisherKeystore, SigningKeys.PASSWORD.toCharArray(),
                SigningKeys.ALIAS);

        assertEquals(publisher.publicKey(), JarSignatures.signer(signed));
    }

    @Test
    public void jarsignerAcceptsWhatThisTestSigns() throws Exception {
        // The test's jars are only good evidence if the JDK's own tool agrees about them.
        Process verify = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString(),
                "-verify", signed.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertEquals(output, 0, verify.waitFor());
        assertTrue(output, output.contains("jar verified"));
    }

    @Test
    public void changedContentIsRefusedAsTampered() throws Exception {
        Path tampered = SigningKeys.rewrite(signed, directory.resolve("tampered.jar"),
                Map.of("ui/index.html", "<h1>Mallory's market</h1>"), Map.of());

        assertProblem(Problem.TAMPERED, "changed after it was signed", tampered);
    }

    @Test
    public void anAddedEntryIsRefusedAsUnsigned() throws Exception {
        Path added = SigningKeys.rewrite(signed, directory.resolve("added.jar"), Map.of(),
                Map.of("org/dump/Backdoor.class", "extra"));

        assertProblem(Problem.UNSIGNED_ENTRY, "entry org/dump/Backdoor.class of added.jar is not signed", added);
    }

    @Test
    public void anUnsignedJarIsRefused() {
        assertProblem(Problem.NOT_SIGNED, "unsigned.jar is not signed", unsigned);
    }

    @Test
    public void aJarSignedByTwoSignersIsRefused() throws Exception {
        Path second = SigningKeys.keystore(directory, "second", "Ed25519");
        Path twice = SigningKeys.sign(second, signed, directory.resolve("twice.jar"));

        assertProblem(Problem.SEVERAL_SIGNERS, "more than one signer", twice);
    }

    @Test
    public void aJarSignedWithAnRsaKeyIsRefused() throws Exception {
        Path rsa = SigningKeys.keystore(directory, "rsa", "RSA");
        Path rsaSigned = SigningKeys.sign(rsa, unsigned, directory.resolve("rsa.jar"));

        assertProblem(Problem.NOT_ED25519, "signed with a RSA key, not Ed25519", rsaSigned);
    }

    @Test
    public void aFileThatIsNoJarIsRefused() throws Exception {
        Path text = Files.writeString(directory.resolve("text.jar"), "just text");

        assertProblem(Problem.NOT_A_JAR, "text.jar cannot be read as a jar", text);
        assertProblem(Problem.NOT_A_JAR, "cannot be read as a jar", directory.resolve("missing.jar"));
    }

    @Test
    public void aJarWhoseEntryCommentIsNotUtf8IsRefused() throws Exception {
        Path latin1 = directory.resolve("latin1.jar");
        // Written in ISO 8859-1 without the UTF-8 flag: java.util.zip reads the comment as UTF-8 and cannot. (It
        // checks names when it opens a zip, comments only when it reads the entry.)
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(latin1), StandardCharsets.ISO_8859_1)) {
            ZipEntry entry = new ZipEntry("cafe.txt");
            entry.setComment("caf\u00e9");
            zip.putNextEntry(entry);
            zip.write(1);
            zip.closeEntry();
        }

        assertProblem(Problem.NOT_A_JAR, "latin1.jar cannot be read as a jar: an entry's name or comment is not UTF-8",
                latin1);
    }

    private static void assertProblem(Problem problem, String message, Path jar) {
        JarSignatureException e = assertThrows(JarSignatureException.class, () -> JarSignatures.signer(jar));
        assertEquals(e.getMessage(), problem, e.problem());
        assertTrue(e.getMessage() + " should say " + message, e.getMessage().contains(message));
    }
}
