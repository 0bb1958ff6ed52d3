package org.dump.repository.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.dump.repository.ModuleRefusedException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the check of a signed repository index ({@link SignedIndex#verify}: the signature file's parser, the
 * publisher's trust, the Ed25519 signature over the exact bytes, then the index's reader) with indexes the trusted
 * publisher signed whose bytes or signature file the fuzzer changes, or that it signs again as the publisher or as a
 * stranger ({@link IndexMutations}; Jazzer; issue 27). Without {@code JAZZER_FUZZ} it runs the committed seeds
 * (SignedIndexFuzzTestInputs/); CI fuzzes it for 4 s, {@code benchmarks/fuzz/run.sh} as long as it is told. For
 * every input: an index passes only if the trusted publisher signed exactly its bytes; one published untouched
 * passes; one the publisher signed as it is passes if and only if it can be read; everything else is refused with a
 * {@code ModuleRefusedException}, no other exception; each input done within a second.
 */
public class SignedIndexFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void anIndexPassesOnlyAsSigned(FuzzedDataProvider data) throws Exception {
        check(data);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws Exception {
        check(data);
    }

    private static void check(FuzzedDataProvider data) throws Exception {
        IndexMutations index = IndexMutations.of(data, true);
        long began = System.nanoTime();
        SignedIndex checked;
        try {
            checked = SignedIndex.verify(index.xml, index.signature.getBytes(StandardCharsets.UTF_8),
                    FuzzPublisher.TRUST, "the fuzz test");
        } catch (ModuleRefusedException refused) {
            assertNotNull(refused.getMessage());
            assertFalse(index.untouched(), refused.getMessage());
            assertFalse(index.signedAsIs() && readable(index.xml), refused.getMessage());
            checked = null;
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second");
        if (checked != null) {
            assertTrue(index.signedByTrusted(index.xml), "an index the publisher did not sign passed");
            assertArrayEquals(index.xml, checked.xml());
            assertEquals(FuzzPublisher.PUBLISHER.keyPair().publicKey().fingerprint(), checked.fingerprint());
            assertTrue(readable(index.xml));
        }
    }

    private static boolean readable(byte[] xml) {
        try {
            RepositoryIndex.parse(xml);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
