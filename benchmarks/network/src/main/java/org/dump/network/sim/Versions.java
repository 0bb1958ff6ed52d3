package org.dump.network.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Every version the origins wrote during the run, the truth the nodes' stores are checked against: its origin,
 * sequence number, record and whether it deletes the record. Versions of the history before the start are not
 * listed: every node has seen them, and none travels.
 */
final class Versions {

    private final int history;
    private int[] origin = new int[1024];
    private int[] sequence = new int[1024];
    private int[] record = new int[1024];
    private long[] written = new long[1024];
    private boolean[] deletes = new boolean[1024];
    private int size;
    private int records;
    /** Per origin, the versions it wrote after the history, by sequence number. */
    private final List<List<Integer>> byOrigin = new ArrayList<>();

    Versions(int origins, int history) {
        this.history = history;
        for (int i = 0; i < origins; i++) {
            byOrigin.add(new ArrayList<>());
        }
    }

    /** @return the new version's id; its sequence number is the origin's next */
    int write(int originIndex, int recordId, boolean delete, long now) {
        if (size == origin.length) {
            int grown = size * 2;
            origin = java.util.Arrays.copyOf(origin, grown);
            sequence = java.util.Arrays.copyOf(sequence, grown);
            record = java.util.Arrays.copyOf(record, grown);
            written = java.util.Arrays.copyOf(written, grown);
            deletes = java.util.Arrays.copyOf(deletes, grown);
        }
        List<Integer> mine = byOrigin.get(originIndex);
        origin[size] = originIndex;
        sequence[size] = history + mine.size() + 1;
        record[size] = recordId;
        written[size] = now;
        deletes[size] = delete;
        mine.add(size);
        return size++;
    }

    /** @return a fresh record id */
    int newRecord() {
        return records++;
    }

    int records() {
        return records;
    }

    int size() {
        return size;
    }

    int origin(int version) {
        return origin[version];
    }

    int sequence(int version) {
        return sequence[version];
    }

    int record(int version) {
        return record[version];
    }

    long written(int version) {
        return written[version];
    }

    boolean deletes(int version) {
        return deletes[version];
    }

    /** @return the version of {@code originIndex} numbered {@code seq}, or -1 if it is history or not written */
    int find(int originIndex, long seq) {
        List<Integer> mine = byOrigin.get(originIndex);
        long at = seq - history - 1;
        return at < 0 || at >= mine.size() ? -1 : mine.get((int) at);
    }

    /** @return the highest number {@code originIndex} has used */
    int highest(int originIndex) {
        return history + byOrigin.get(originIndex).size();
    }
}
