package org.dump.crypto.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class Base32Test {

    @Test
    public void rfc4648TestVectorsInLowerCaseWithoutPadding() {
        assertEquals("", Base32.encode("".getBytes(US_ASCII)));
        assertEquals("my", Base32.encode("f".getBytes(US_ASCII)));
        assertEquals("mzxq", Base32.encode("fo".getBytes(US_ASCII)));
        assertEquals("mzxw6", Base32.encode("foo".getBytes(US_ASCII)));
        assertEquals("mzxw6yq", Base32.encode("foob".getBytes(US_ASCII)));
        assertEquals("mzxw6ytb", Base32.encode("fooba".getBytes(US_ASCII)));
        assertEquals("mzxw6ytboi", Base32.encode("foobar".getBytes(US_ASCII)));
    }
}
