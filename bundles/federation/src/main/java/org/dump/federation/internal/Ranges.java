package org.dump.federation.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.RunLists;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SequenceSet;
import org.dump.node.record.SignedRecord;

/**
 * Ranges of sequence numbers per origin on the wire: {@code {"<origin>":[[from,to],…]}}, as requests for versions and the
 * {@code gone} part of answers carry them. What comes in from a peer is checked before anything uses it.
 */
final class Ranges {

    private static final Pattern NODE_ID = Pattern.compile("[a-z2-7]{32}");

    private Ranges() {
    }

    /**
     * @return {@code summary} with the numbers of {@code records} and the ranges of {@code gone} added: what a page
     *         brought, added to what was held
     */
    static Map<String, List<Range>> plus(Map<String, List<Range>> summary, List<SignedRecord> records,
            Map<String, List<Range>> gone) {
        Map<String, SequenceSet> sets = new TreeMap<>();
        summary.forEach((origin, ranges) -> sets.put(origin, SequenceSet.of(ranges)));
        records.forEach(record -> sets.computeIfAbsent(record.origin(), o -> new SequenceSet()).add(record.sequence()));
        gone.forEach((origin, ranges) -> ranges.forEach(r -> sets.computeIfAbsent(origin, o -> new SequenceSet())
                .add(r.from(), r.to())));
        Map<String, List<Range>> merged = new TreeMap<>();
        sets.forEach((origin, set) -> merged.put(origin, set.ranges()));
        return merged;
    }

    /** @return the ranges as runs of the reconciliation (§7.7) */
    static List<Run> toRuns(Map<String, List<Range>> ranges) {
        List<Run> runs = new ArrayList<>();
        ranges.forEach((origin, list) -> list.forEach(range -> runs.add(new Run(origin, range.from(), range.to()))));
        return runs;
    }

    /** @return the runs as ranges per origin, each list sorted and merged */
    static Map<String, List<Range>> fromRuns(List<Run> runs) {
        Map<String, List<Range>> ranges = new TreeMap<>();
        for (Run run : RunLists.canonical(runs)) {
            ranges.computeIfAbsent(run.origin(), o -> new ArrayList<>()).add(new Range(run.from(), run.to()));
        }
        return ranges;
    }

    /** @return the numbers of {@code ranges} that are not in {@code minus}, per origin ({@link SequenceSet#minus}) */
    static Map<String, List<Range>> minus(Map<String, List<Range>> ranges, Map<String, List<Range>> minus) {
        Map<String, List<Range>> left = new TreeMap<>();
        ranges.forEach((origin, list) -> {
            List<Range> cut = minus.containsKey(origin)
                    ? SequenceSet.of(list).minus(SequenceSet.of(minus.get(origin)).ranges())
                    : SequenceSet.of(list).ranges();
            if (!cut.isEmpty()) {
                left.put(origin, cut);
            }
        });
        return left;
    }

    static Map<String, List<long[]>> toPairs(Map<String, List<Range>> ranges) {
        Map<String, List<long[]>> pairs = new LinkedHashMap<>();
        ranges.forEach((origin, list) -> {
            List<long[]> out = new ArrayList<>(list.size());
            list.forEach(range -> out.add(new long[] {range.from(), range.to()}));
            pairs.put(origin, out);
        });
        return pairs;
    }

    /**
     * @param max the most ranges in all
     * @return the ranges per origin, each list sorted by first number
     * @throws IOException if an origin is no node id, a range is not two numbers from 1 up with from ≤ to, or
     *                     there are more than {@code max}
     */
    static Map<String, List<Range>> fromPairs(Map<String, List<long[]>> pairs, int max) throws IOException {
        Map<String, List<Range>> ranges = new TreeMap<>();
        if (pairs == null) {
            return ranges;
        }
        int count = 0;
        for (Map.Entry<String, List<long[]>> origin : pairs.entrySet()) {
            if (origin.getKey() == null || !NODE_ID.matcher(origin.getKey()).matches() || origin.getValue() == null) {
                throw new IOException("ranges of sequence numbers must be given per node id");
            }
            List<Range> list = new ArrayList<>(origin.getValue().size());
            for (long[] pair : origin.getValue()) {
                if (pair == null || pair.length != 2 || pair[0] < 1 || pair[0] > pair[1]) {
                    throw new IOException("a range of sequence numbers is [from, to] with 1 <= from <= to");
                }
                if (++count > max) {
                    throw new IOException("more than " + max + " ranges of sequence numbers");
                }
                list.add(new Range(pair[0], pair[1]));
            }
            list.sort(Comparator.comparingLong(Range::from));
            ranges.put(origin.getKey(), list);
        }
        return ranges;
    }
}
