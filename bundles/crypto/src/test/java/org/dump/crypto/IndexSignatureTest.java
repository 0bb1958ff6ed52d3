package org.dump.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IndexSignatureTest {

    private static final byte[] INDEX = ("<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<repository increment='1700000000000' xmlns='http://www.osgi.org/xmlns/repository/v1.0.0'/>\n")
            .getBytes(UTF_8);

    private final Ed25519KeyPair publisher = Ed25519KeyPair.generate();

    @Test
    public void aSignatureSurvivesItsTextAndVerifies() {
        String text = IndexSignature.sign(publisher, INDEX).toText();

        IndexSignature read = IndexSignature.parse(text);
        assertEquals(publisher.publicKey(), read.publisher());
        assertTrue(read.verifies(INDEX));
        assertTrue(text.startsWith("#"));
        assertTrue(text.contains("\npublisher=" + publisher.publicKey().base64() + "\n"));
        assertTrue(text.contains("\nsignature="));
    }

    @Test
    public void oneFlippedByteOfTheIndexFails() {
        IndexSignature signature = IndexSignature.sign(publisher, INDEX);
        for (int i = 0; i < INDEX.length; i += 7) {
            byte[] altered = INDEX.clone();
            altered[i] ^= 1;
            assertFalse("byte " + i, signature.verifies(altered));
        }
        assertFalse(signature.verifies(new byte[0]));
        assertFalse(signature.verifies(null));
    }

    @Test
    public void aSignatureByAnotherKeyFails() {
        IndexSignature byMallory = IndexSignature.sign(Ed25519KeyPair.generate(), INDEX);
        String claimed = byMallory.toText().replaceAll("publisher=.*", "publisher=" + publisher.publicKey().base64());

        IndexSignature parsed = IndexSignature.parse(claimed);
        assertEquals(publisher.publicKey(), parsed.publisher());
        assertFalse(parsed.verifies(INDEX));
    }

    @Test
    public void aPlainSignatureOfTheIndexBytesIsNotAnIndexSignature() {
        // Whatever else the key signs (JAR signature files, raw) must not pass for an index signature.
        String raw = java.util.Base64.getEncoder().encodeToString(publisher.sign(INDEX));
        IndexSignature parsed = IndexSignature.parse("publisher=" + publisher.publicKey().base64() + "\nsignature="
                + raw + "\n");
        assertFalse(parsed.verifies(INDEX));
    }

    @Test
    public void blankLinesCommentsSpacesAndWindowsLineEndsAreRead() {
        IndexSignature signature = IndexSignature.sign(publisher, INDEX);
        String text = signature.toText().replace("\n", "\r\n").replace("publisher=", "publisher = ").replace("signature=", " signature\t= ") + "\r\n\r\n# end\r\n";
        assertTrue(IndexSignature.parse(text).verifies(INDEX));
    }

    @Test
    public void malformedTextsAreRefusedWithAReason() {
        String good = IndexSignature.sign(publisher, INDEX).toText();
        String key = publisher.publicKey().base64();
        String signature = good.substring(good.indexOf("signature=") + "signature=".length()).strip();

        assertRefused(null, "no index signature");
        assertRefused("", "no publisher");
        assertRefused("# only a comment\n", "no publisher");
        assertRefused("publisher=" + key + "\n", "no signature");
        assertRefused("signature=" + signature + "\n", "no publisher");
        assertRefused("signed by the market's publisher\n", "without '='");
        assertRefused(good + "signer=" + key + "\n", "unknown field");
        assertRefused(good + "publisher=" + key + "\n", "appears twice");
        assertRefused("publisher=not base64!\nsignature=" + signature, "not an Ed25519 public key");
        assertRefused("publisher=AAAA\nsignature=" + signature, "not an Ed25519 public key");
        assertRefused("publisher=" + key + "\nsignature=***", "not base64");
        assertRefused("publisher=" + key + "\nsignature=AAAA", "has 3 bytes instead of 64");
    }

    private static void assertRefused(String text, String because) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexSignature.parse(text));
        assertTrue(e.getMessage() + " should say " + because, e.getMessage().contains(because));
    }
}
