package org.dump.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.Test;

public class DigestsTest {

    @Test
    public void sha256OfAbc() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    public void hmacSha256OfRfc4231Case2() {
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HexFormat.of().formatHex(Digests.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    public void randomIdsAreLowerCaseBase32OfFixedLength() {
        String id = Identifiers.random();
        assertTrue(id, id.matches("[a-z2-7]{" + Identifiers.RANDOM_LENGTH + "}"));
        assertNotEquals(id, Identifiers.random());
    }
}
