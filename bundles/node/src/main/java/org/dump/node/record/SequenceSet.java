package org.dump.node.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dump.node.record.RecordInventory.Range;

/**
 * A set of sequence numbers as sorted, disjoint inclusive ranges that never touch: [1, 100000] is one entry
 * however many numbers it holds. What a node has seen of an origin is almost always one range, so summaries stay
 * small ({@link RecordInventory}). Not thread-safe.
 */
public final class SequenceSet {

    /** First number of a range → its last. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    public SequenceSet() {
    }

    public SequenceSet(SequenceSet other) {
        ranges.putAll(other.ranges);
    }

    public static SequenceSet of(List<Range> list) {
        SequenceSet set = new SequenceSet();
        list.forEach(range -> set.add(range.from(), range.to()));
        return set;
    }

    public boolean contains(long sequence) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(sequence);
        return floor != null && floor.getValue() >= sequence;
    }


    /** Adds every number from {@code from} to {@code to}, merging with the ranges they touch. */
    public void add(long from, long to) {
        if (from > to) {
            return;
        }
        long start = from;
        long end = to;
        Map.Entry<Long, Long> floor = ranges.floorEntry(from);
        // Written so that nothing overflows at the ends of long: a peer may name Long.MAX_VALUE.
        if (floor != null && (from == Long.MIN_VALUE || floor.getValue() >= from - 1)) {
            start = floor.getKey();
            end = Math.max(end, floor.getValue());
        }
        // Swallow every range that begins inside [start, end + 1].
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && (end == Long.MAX_VALUE || next.getKey() <= end + 1)) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    public void add(long sequence) {
        add(sequence, sequence);
    }

    public void addAll(SequenceSet other) {
        other.ranges.forEach(this::add);
    }

    public List<Range> ranges() {
        List<Range> list = new ArrayList<>(ranges.size());
        ranges.forEach((from, to) -> list.add(new Range(from, to)));
        return list;
    }

    /** @return the numbers of this set that {@code other} lacks, as ranges in order */
    public List<Range> minus(List<Range> other) {
        List<Range> left = new ArrayList<>();
        int j = 0;
        for (Map.Entry<Long, Long> range : ranges.entrySet()) {
            long from = range.getKey();
            long to = range.getValue();
            while (j < other.size() && other.get(j).to() < from) {
                j++;
            }
            int k = j;
            while (from <= to) {
                if (k >= other.size() || other.get(k).from() > to) {
                    left.add(new Range(from, to));
                    break;
                }
                Range cover = other.get(k);
                if (cover.from() > from) {
                    left.add(new Range(from, cover.from() - 1));
                }
                if (cover.to() >= to) {
                    break; // the rest is covered; cover.to() + 1 could overflow
                }
                from = Math.max(from, cover.to() + 1);
                k++;
            }
        }
        return left;
    }

    /** @return the set as text, {@code 1-500,502,504-900}, for DUMP_RECORD_SEEN */
    public String format() {
        StringBuilder text = new StringBuilder();
        ranges.forEach((from, to) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(from);
            if (!from.equals(to)) {
                text.append('-').append(to);
            }
        });
        return text.toString();
    }

    public static SequenceSet parse(String text) {
        SequenceSet set = new SequenceSet();
        if (text == null || text.isBlank()) {
            return set;
        }
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                set.add(Long.parseLong(part));
            } else {
                set.add(Long.parseLong(part.substring(0, dash)), Long.parseLong(part.substring(dash + 1)));
            }
        }
        return set;
    }
}
