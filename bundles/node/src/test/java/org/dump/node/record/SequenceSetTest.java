package org.dump.node.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.dump.node.record.RecordInventory.Range;
import org.junit.Test;

/** SequenceSet against a plain set of numbers, also at the ends of long, where a lying peer can put its ranges. */
public class SequenceSetTest {

    private static final long MAX = Long.MAX_VALUE;

    @Test
    public void numbersUpToLongMaxValueAreHeldAndSubtractedWithoutOverflow() {
        SequenceSet held = SequenceSet.of(List.of(new Range(1, 9)));
        // What a lying peer said once: "every number of this origin from 1 on is gone".
        assertEquals(List.of(), held.minus(List.of(new Range(1, MAX))));

        SequenceSet all = SequenceSet.of(List.of(new Range(1, MAX)));
        assertEquals(List.of(new Range(1, MAX)), all.ranges());
        assertEquals(List.of(new Range(10, MAX)), all.minus(List.of(new Range(1, 9))));
        assertEquals(List.of(), all.minus(List.of(new Range(1, MAX))));
        assertEquals(List.of(new Range(1, 4), new Range(6, MAX)), all.minus(List.of(new Range(5, 5))));

        SequenceSet top = new SequenceSet();
        top.add(MAX);
        top.add(MAX - 2, MAX - 1);
        top.add(1);
        assertEquals(List.of(new Range(1, 1), new Range(MAX - 2, MAX)), top.ranges());
        assertTrue(top.contains(MAX));
        assertFalse(top.contains(MAX - 3));
        assertEquals(List.of(new Range(MAX - 2, MAX - 1)), top.minus(List.of(new Range(1, 1), new Range(MAX, MAX))));
    }

    @Test
    public void agreesWithAPlainSetNearZeroAndNearLongMaxValue() {
        Random random = new Random(21);
        for (long base : new long[] {0, MAX - 64}) {
            for (int round = 0; round < 2000; round++) {
                SequenceSet set = new SequenceSet();
                TreeSet<Long> plain = new TreeSet<>();
                for (int i = random.nextInt(6); i >= 0; i--) {
                    long from = base + random.nextInt(64);
                    long to = plus(from, random.nextInt(8) - 1);
                    set.add(from, to);
                    for (long n = from; n <= to && n >= from; n++) {
                        plain.add(n);
                        if (n == MAX) {
                            break;
                        }
                    }
                }
                List<Range> other = SequenceSet.of(randomRanges(random, base)).ranges();
                TreeSet<Long> otherPlain = new TreeSet<>();
                other.forEach(r -> {
                    for (long n = r.from(); n <= r.to(); n++) {
                        otherPlain.add(n);
                        if (n == MAX) {
                            break;
                        }
                    }
                });
                TreeSet<Long> difference = new TreeSet<>(plain);
                difference.removeAll(otherPlain);
                assertEquals(rangesOf(plain), set.ranges());
                assertEquals(rangesOf(difference), set.minus(other));
            }
        }
    }

    private static List<Range> randomRanges(Random random, long base) {
        List<Range> ranges = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            long from = base + random.nextInt(64);
            ranges.add(new Range(from, plus(from, random.nextInt(10))));
        }
        return ranges;
    }

    /** {@code n + k}, held at Long.MAX_VALUE. */
    private static long plus(long n, long k) {
        return k > 0 && n > MAX - k ? MAX : n + k;
    }

    private static List<Range> rangesOf(TreeSet<Long> numbers) {
        List<Range> ranges = new ArrayList<>();
        Long from = null;
        Long last = null;
        for (long n : numbers) {
            if (last != null && n == last + 1) {
                last = n;
                continue;
            }
            if (from != null) {
                ranges.add(new Range(from, last));
            }
            from = n;
            last = n;
        }
        if (from != null) {
            ranges.add(new Range(from, last));
        }
        return ranges;
    }
}
