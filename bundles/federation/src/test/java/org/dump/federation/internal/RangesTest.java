package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SignedRecord;
import org.junit.Test;

/** Ranges of sequence numbers on the wire: what a peer sends is checked; what a page adds is merged. */
public class RangesTest {

    private static final String A = "a".repeat(32);
    private static final String B = "b".repeat(32);

    @Test
    public void malformedRangesAreRefused() {
        for (Map<String, List<long[]>> bad : List.of(Map.of("not-a-node", List.<long[]>of(new long[] {1, 2})),
                Map.of(A, List.of(new long[] {0, 2})), Map.of(A, List.of(new long[] {5, 2})),
                Map.of(A, List.of(new long[] {1, 2, 3})))) {
            assertThrows(IOException.class, () -> Ranges.fromPairs(bad, 10));
        }
        assertThrows("too many", IOException.class, () -> Ranges.fromPairs(Map.of(A, List.of(new long[] {1, 1},
                new long[] {3, 3}, new long[] {5, 5})), 2));
    }

    @Test
    public void aPageIsAddedToASummary() throws IOException {
        Map<String, List<Range>> summary = Ranges.fromPairs(Map.of(A, List.of(new long[] {6, 9}, new long[] {1, 3})), 10);
        assertEquals(List.of(new Range(1, 3), new Range(6, 9)), summary.get(A));

        Map<String, List<Range>> after = Ranges.plus(summary, List.of(record(A, 4), record(B, 1)),
                Map.of(A, List.of(new Range(5, 5), new Range(10, 12))));

        assertEquals(Map.of(A, List.of(new Range(1, 12)), B, List.of(new Range(1, 1))), after);
    }

    private static SignedRecord record(String origin, long sequence) {
        return new SignedRecord("market", "listing", "x".repeat(26), origin, sequence, null, 1, 1, "1.0.0", false, "{}",
                "sig");
    }

    /** What a request for versions asks for once a page came: per origin, overlapping and up to Long.MAX_VALUE. */
    @Test
    public void minusCutsPerOriginAndDropsOriginsLeftEmpty() {
        String x = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
        String y = "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy";
        Map<String, List<Range>> wanted = Map.of(x, List.of(new Range(1, 10), new Range(20, Long.MAX_VALUE)),
                y, List.of(new Range(5, 6)));
        Map<String, List<Range>> came = Map.of(x, List.of(new Range(3, 4), new Range(2, 3),
                new Range(30, Long.MAX_VALUE)), y, List.of(new Range(1, 9)));

        assertEquals(Map.of(x, List.of(new Range(1, 1), new Range(5, 10), new Range(20, 29))),
                Ranges.minus(wanted, came));
        assertEquals(wanted, Ranges.minus(wanted, Map.of()));
    }
}
