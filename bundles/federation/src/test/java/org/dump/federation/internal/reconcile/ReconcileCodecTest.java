package org.dump.federation.internal.reconcile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

public class ReconcileCodecTest {

    @Test
    public void everyKindOfSegmentComesBackAsItWasWritten() throws Exception {
        byte[] print = new byte[Fingerprints.SIZE];
        print[3] = 7;
        List<Segment> message = List.of(
                new Segment.Skip(new Bound("abc", 0)),
                new Segment.Fingerprint(new Bound("abd", 12), print),
                new Segment.Runs(new Bound("q", 0),
                        List.of(new Run("abd", 12, 12), new Run("abdz", 0, Long.MAX_VALUE))),
                new Segment.Differences(Bound.END, List.of(new Run("x", 1, 9)), List.of(new Run("z", 4, 5))));
        List<Segment> decoded = ReconcileCodec.decode(ReconcileCodec.encode(message), Limits.DEFAULT);
        assertEquals(message.size(), decoded.size());
        assertEquals(message.get(0), decoded.get(0));
        assertEquals(message.get(1).upper(), decoded.get(1).upper());
        assertArrayEquals(print, ((Segment.Fingerprint) decoded.get(1)).value());
        assertEquals(message.get(2), decoded.get(2));
        assertEquals(message.get(3), decoded.get(3));
    }

    @Test
    public void theMessageOfNodesInStepIsAFewBytes() {
        assertEquals("version, END, mode, fingerprint", 1 + 1 + 1 + Fingerprints.SIZE,
                ReconcileCodec.encode(List.of(new Segment.Fingerprint(Bound.END, new byte[Fingerprints.SIZE]))).length);
        assertEquals("nothing more to say", 1, ReconcileCodec.encode(List.of()).length);
    }
}
