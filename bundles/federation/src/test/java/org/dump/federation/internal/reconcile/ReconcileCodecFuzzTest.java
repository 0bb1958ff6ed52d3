package org.dump.federation.internal.reconcile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of reconciliation messages, the bytes a peer sends to {@code POST /federation/reconcile}
 * (Jazzer; issue 27). Without {@code JAZZER_FUZZ} it runs the committed seeds (ReconcileCodecFuzzTestInputs/); CI
 * fuzzes it for 5 s, {@code benchmarks/fuzz/run.sh} as long as it is told. For every input: segments or
 * {@code MalformedReconciliation}, no other exception; no more segments than the limits allow; what was read,
 * written again, reads back to the same bytes; each input done within a second.
 */
public class ReconcileCodecFuzzTest {

    /** Small limits, so that the fuzzer reaches them. */
    private static final Limits LIMITS = new Limits(16 * 1024, 64, 64, 32, 1000, 16, 8);

    @FuzzTest(maxDuration = "5s")
    void aMessageIsSegmentsOrMalformed(byte[] message) throws Exception {
        check(message);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] message) throws Exception {
        check(message);
    }

    private static void check(byte[] message) throws Exception {
        long began = System.nanoTime();
        List<Segment> segments;
        try {
            segments = ReconcileCodec.decode(message, LIMITS);
        } catch (MalformedReconciliation refused) {
            return;
        }
        assertTrue(segments.size() <= LIMITS.segments());
        byte[] written = ReconcileCodec.encode(segments);
        assertArrayEquals(written, ReconcileCodec.encode(ReconcileCodec.decode(written, Limits.DEFAULT)));
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + message.length + " bytes");
    }
}
