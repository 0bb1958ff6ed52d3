package org.dump.federation.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.RelayClient;

/**
 * What a relay holds for one client ({@link RelayHub}): the requests queued for its next poll, its open polls, the
 * requests it has not answered yet, its byte budget and its counts. Not thread-safe: the hub's lock guards it.
 */
final class RelayClientQueue {

    /** A relayed request and its caller's answer to come; {@code deadline[0]} ends the wait with 504. */
    record Pending(RelayClientQueue client, RelayedRequest request, CompletableFuture<RelayAnswer> answer,
            ScheduledFuture<?>[] deadline) {
    }

    final String nodeId;
    final Ed25519PublicKey key;
    final Instant since;
    final RelayClientBudget budget;
    final Deque<Pending> queued = new ArrayDeque<>();
    final Deque<CompletableFuture<List<RelayedRequest>>> polls = new ArrayDeque<>();
    /** Queued or handed to the client, not answered yet: what a drop answers 502. */
    final Map<String, Pending> unanswered = new LinkedHashMap<>();
    Instant lastPoll;
    long lastPollNanos;
    long requests;
    long bytesIn;
    long bytesOut;

    private final Clock clock;
    private final LongSupplier nanos;

    RelayClientQueue(Ed25519PublicKey key, long bytesPerSecond, Clock clock, LongSupplier nanos) {
        this.nodeId = key.fingerprint();
        this.key = key;
        this.clock = clock;
        this.nanos = nanos;
        this.since = clock.instant();
        this.budget = new RelayClientBudget(bytesPerSecond, nanos);
        touch();
    }

    /** Notes a poll made or ended now: the client is not idle. */
    void touch() {
        lastPoll = clock.instant();
        lastPollNanos = nanos.getAsLong();
    }

    /** @return the queued requests a poll takes now: at most a batch, and at least one if any are queued */
    List<RelayedRequest> batch(int maxRequests, long maxBytes) {
        List<RelayedRequest> batch = new ArrayList<>();
        long bytes = 0;
        while (!queued.isEmpty() && batch.size() < maxRequests) {
            RelayedRequest next = queued.peek().request();
            if (!batch.isEmpty() && bytes + next.body().length > maxBytes) {
                break;
            }
            queued.poll();
            batch.add(next);
            bytes += next.body().length;
        }
        return batch;
    }

    /** Puts requests back at the head of the queue, in their order, if they still wait for an answer. */
    void requeue(List<RelayedRequest> requests) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Pending pending = unanswered.get(requests.get(i).id());
            if (pending != null && !queued.contains(pending)) {
                queued.addFirst(pending);
            }
        }
    }

    RelayClient report() {
        return new RelayClient(nodeId, since, lastPoll, requests, bytesIn, bytesOut);
    }
}
