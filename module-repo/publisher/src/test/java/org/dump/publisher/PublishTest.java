package org.dump.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PublishTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    public void aDevelopmentKeyIsMadeLoudlyAndUsed() throws Exception {
        Path work = folder.getRoot().toPath();
        Path keystore = work.resolve("dev/dev-publisher.p12");
        Path bundle = TestBundles.bundle(work, "org.example.market", "1.0.0");

        assertEquals(err(), 0, run(null, "--keystore", keystore.toString(), "--storepass", "development",
                "--generate-dev-key", "--out", work.resolve("repository").toString(), bundle.toString()));

        assertTrue(out(), out().contains("Generated a DEVELOPMENT publisher key - NOT FOR PRODUCTION"));
        assertTrue(out(), out().contains("signed  org.example.market-1.0.0.jar"));
        assertTrue(Files.exists(keystore));
        RepositoryPublisherTest.assertJarsignerVerifies(work.resolve("repository/org.example.market-1.0.0.jar"));

        out.reset();
        assertEquals(err(), 0, run("development", "--keystore", keystore.toString(), "--generate-dev-key",
                "--out", work.resolve("repository").toString(), bundle.toString()));
        assertFalse("made only once: " + out(), out().contains("Generated"));
        assertTrue(out(), out().contains("WARNING: signing with the DEVELOPMENT publisher key"));
    }

    @Test
    public void problemsAreSaidPlainly() throws Exception {
        Path work = folder.getRoot().toPath();
        Path keystore = work.resolve("publisher.p12");
        Path bundle = TestBundles.bundle(work, "org.example.market", "1.0.0");
        String out = work.resolve("repository").toString();

        assertFails(1, "keystore " + keystore + " does not exist (--generate-dev-key makes a development key there)",
                "--keystore", keystore.toString(), "--storepass", "secret", "--out", out, bundle.toString());

        Publisher.createDevelopmentKeystore(keystore, "secret".toCharArray(), "publisher");
        assertFails(1, "wrong password for keystore", "--keystore", keystore.toString(), "--storepass", "guess",
                "--out", out, bundle.toString());
        assertFails(1, "no private key under the alias 'market'", "--keystore", keystore.toString(),
                "--storepass", "secret", "--alias", "market", "--out", out, bundle.toString());
        assertFails(1, "text.jar is not a jar", "--keystore", keystore.toString(), "--storepass", "secret",
                "--out", out, Files.writeString(work.resolve("text.jar"), "text").toString());

        assertFails(2, "no keystore password", "--keystore", keystore.toString(), "--out", out, bundle.toString());
        assertFails(2, "--out is missing", "--keystore", keystore.toString(), "--storepass", "s", bundle.toString());
        assertFails(2, "no bundles given", "--keystore", keystore.toString(), "--storepass", "s", "--out", out);
        assertFails(2, "unknown option --sign", "--sign");
        assertFails(2, "--alias needs a value", "--keystore", keystore.toString(), "--alias");
    }

    private void assertFails(int status, String message, String... args) {
        err.reset();
        assertEquals(err(), status, run(null, args));
        assertTrue(err() + " should say " + message, err().contains("error: " + message) || err().contains(message));
    }

    private int run(String storepassFromEnvironment, String... args) {
        return Publish.run(args, storepassFromEnvironment, new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8));
    }

    private String out() {
        return out.toString(UTF_8);
    }

    private String err() {
        return err.toString(UTF_8);
    }
}
