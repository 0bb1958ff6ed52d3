package org.dump.federation.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dump.federation.PushBacklog;
import org.dump.node.record.SignedRecord;

/**
 * What waits to be pushed to each peer, bounded in records and in bytes for each peer and in bytes for all peers
 * together, so that a peer that keeps failing cannot fill the node's heap (issue 22, item 9). A queue that would go
 * over a limit is dropped whole, not cut: what was dropped is in the store, and anti-entropy brings it to the peer
 * once it takes records again. Safe for any thread.
 */
final class PushQueues {

    /**
     * The limits.
     *
     * @param recordsPerPeer the most records waiting for one peer
     * @param bytesPerPeer   the most bytes ({@link #sizeOf}) waiting for one peer
     * @param bytesInAll     the most bytes waiting for all peers together
     */
    record Limits(int recordsPerPeer, long bytesPerPeer, long bytesInAll) {
    }

    /** What was dropped from one peer's queue, and why, for the log. */
    record Dropped(String nodeId, int records, long bytes, String why) {
    }

    /**
     * A peer that did not answer: how many times in a row, how long nothing is queued for it now, and what waited
     * for it and was dropped.
     */
    record Backoff(int failures, Duration pause, Dropped dropped) {
    }

    /** The first pause of a peer that does not answer; each one more in a row doubles it, up to {@link #MOST_PAUSE}. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(10);
    static final Duration MOST_PAUSE = Duration.ofMinutes(10);

    /** Heap a record costs beyond its text, roughly: its objects and their headers. */
    private static final int RECORD_OVERHEAD = 256;

    private final Map<String, Queue> queues = new HashMap<>();
    /** Peers that did not answer, with the time (System.nanoTime) until which nothing is queued for them. */
    private final Map<String, Long> pausedUntil = new HashMap<>();
    /** Peers that did not answer, with how many times in a row. */
    private final Map<String, Integer> failures = new HashMap<>();
    private volatile Limits limits;
    private long bytesInAll;

    PushQueues(Limits limits) {
        this.limits = limits;
    }

    void limit(Limits newLimits) {
        this.limits = newLimits;
    }

    /** @return the bytes a record is counted for: its text, one byte a character, and {@link #RECORD_OVERHEAD} */
    static long sizeOf(SignedRecord record) {
        return RECORD_OVERHEAD + length(record.module()) + length(record.type()) + length(record.id())
                + length(record.origin()) + length(record.author()) + length(record.dataVersion())
                + length(record.payload()) + length(record.signature());
    }

    /**
     * Queues {@code record} for {@code nodeId}. A queue it would take over a limit is dropped first (and the record
     * with it, if it is that peer's); so is the largest queue while all of them would go over the limit in all.
     *
     * @return the queues dropped to keep within the limits; usually none
     */
    synchronized List<Dropped> offer(String nodeId, SignedRecord record) {
        List<Dropped> dropped = new ArrayList<>();
        long size = sizeOf(record);
        Queue queue = queues.get(nodeId);
        if (queue != null && (queue.records.size() >= limits.recordsPerPeer()
                || queue.bytes + size > limits.bytesPerPeer())) {
            Dropped queued = drop(nodeId, "more than " + kib(limits.bytesPerPeer()) + " KiB or "
                    + limits.recordsPerPeer() + " records would wait for it");
            dropped.add(new Dropped(nodeId, queued.records() + 1, queued.bytes() + size, queued.why()));
            return dropped;
        }
        while (bytesInAll + size > limits.bytesInAll() && !queues.isEmpty()) {
            String largest = queues.entrySet().stream().max(Comparator.comparingLong(e -> e.getValue().bytes))
                    .orElseThrow().getKey();
            dropped.add(drop(largest, "more than " + kib(limits.bytesInAll()) + " KiB would wait for all peers"));
        }
        if (size > limits.bytesPerPeer() || bytesInAll + size > limits.bytesInAll()) {
            dropped.add(new Dropped(nodeId, 1, size, "a record of " + kib(size) + " KiB is more than may wait"));
            return dropped;
        }
        queue = queues.computeIfAbsent(nodeId, id -> new Queue());
        queue.records.addLast(record);
        queue.bytes += size;
        bytesInAll += size;
        return dropped;
    }

    /** @return up to {@code most} records waiting for {@code nodeId}, oldest first, taken out of its queue */
    synchronized List<SignedRecord> take(String nodeId, int most) {
        Queue queue = queues.get(nodeId);
        List<SignedRecord> batch = new ArrayList<>();
        while (queue != null && batch.size() < most && !queue.records.isEmpty()) {
            SignedRecord record = queue.records.removeFirst();
            long size = sizeOf(record);
            queue.bytes -= size;
            bytesInAll -= size;
            batch.add(record);
        }
        if (queue != null && queue.records.isEmpty()) {
            queues.remove(nodeId);
        }
        return batch;
    }

    /**
     * Puts a batch that is to be sent again back at the head of its queue, as {@link #offer} would: should the queue
     * go over a limit, it is dropped whole, the rest of the batch with it.
     */
    synchronized List<Dropped> putBack(String nodeId, List<SignedRecord> batch) {
        List<SignedRecord> all = new ArrayList<>(batch);
        all.addAll(take(nodeId, Integer.MAX_VALUE));
        List<Dropped> dropped = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (Dropped one : offer(nodeId, all.get(i))) {
                if (one.nodeId().equals(nodeId)) {
                    List<SignedRecord> rest = all.subList(i + 1, all.size());
                    dropped.add(new Dropped(nodeId, one.records() + rest.size(), one.bytes()
                            + rest.stream().mapToLong(PushQueues::sizeOf).sum(), one.why()));
                    return dropped;
                }
                dropped.add(one);
            }
        }
        return dropped;
    }

    /** Drops all that waits for {@code nodeId}. */
    synchronized Dropped drop(String nodeId, String why) {
        Queue queue = queues.remove(nodeId);
        if (queue == null) {
            return new Dropped(nodeId, 0, 0, why);
        }
        bytesInAll -= queue.bytes;
        return new Dropped(nodeId, queue.records.size(), queue.bytes, why);
    }

    /** Drops what waits for {@code nodeId} and queues nothing for it for {@code pause}. */
    synchronized Dropped pause(String nodeId, Duration pause) {
        pausedUntil.put(nodeId, System.nanoTime() + pause.toNanos());
        return drop(nodeId, "paused");
    }

    /**
     * Drops what waits for {@code nodeId}, which did not answer, and queues nothing for it for {@link #FIRST_PAUSE},
     * doubled for each time in a row before, up to {@link #MOST_PAUSE}: a peer that is gone for good costs a request
     * every ten minutes, and one back from a short absence is tried again soon.
     */
    synchronized Backoff pause(String nodeId) {
        int inARow = failures.merge(nodeId, 1, Integer::sum);
        long nanos = Math.min(MOST_PAUSE.toNanos(), FIRST_PAUSE.toNanos() << Math.min(inARow - 1, 20));
        return new Backoff(inARow, Duration.ofNanos(nanos), pause(nodeId, Duration.ofNanos(nanos)));
    }

    /** {@code nodeId} answered: the next pause, if any, starts again from {@link #FIRST_PAUSE}. */
    synchronized void answered(String nodeId) {
        failures.remove(nodeId);
    }

    /** {@code nodeId} sent this node a signed request: it is back, and is no longer paused. */
    synchronized void heardFrom(String nodeId) {
        pausedUntil.remove(nodeId);
        failures.remove(nodeId);
    }

    /**
     * @return how {@code nodeId} is backed off: the times in a row it did not answer (0: it answered last), and how
     *         long until it is tried again (zero if now)
     */
    synchronized PushBacklog.Backoff backoff(String nodeId) {
        Long until = pausedUntil.get(nodeId);
        long left = until == null ? 0 : Math.max(0, until - System.nanoTime());
        return new PushBacklog.Backoff(failures.getOrDefault(nodeId, 0), Duration.ofNanos(left));
    }

    /** @return whether nothing is queued for {@code nodeId} for now ({@link #pause}) */
    synchronized boolean paused(String nodeId) {
        Long until = pausedUntil.get(nodeId);
        if (until != null && System.nanoTime() - until >= 0) {
            pausedUntil.remove(nodeId);
            return false;
        }
        return until != null;
    }

    /** @return what waits for {@code nodeId} */
    synchronized PushBacklog.Waiting waiting(String nodeId) {
        Queue queue = queues.get(nodeId);
        return queue == null ? new PushBacklog.Waiting(0, 0) : new PushBacklog.Waiting(queue.records.size(),
                queue.bytes);
    }

    /** @return the peers for which something waits */
    synchronized Set<String> peers() {
        return Set.copyOf(queues.keySet());
    }

    /** @return the bytes waiting for all peers */
    synchronized long bytesInAll() {
        return bytesInAll;
    }

    /** @return the records waiting for all peers */
    synchronized int records() {
        return queues.values().stream().mapToInt(queue -> queue.records.size()).sum();
    }

    Limits limits() {
        return limits;
    }

    static long kib(long bytes) {
        return bytes / 1024;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** One peer's queue and the bytes it holds. */
    private static final class Queue {
        final ArrayDeque<SignedRecord> records = new ArrayDeque<>();
        long bytes;
    }
}
