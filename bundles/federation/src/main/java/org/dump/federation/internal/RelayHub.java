package org.dump.federation.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.RelayClient;
import org.dump.federation.RelayReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's switchboard (protocol §13), with no HTTP in it: the nodes it relays for (its clients), their open polls,
 * the requests queued for them and the callers waiting for their answers. A request for a client goes to its oldest
 * open poll, or waits in its queue for the next; an answer is matched to its caller by the request's id. Nothing here
 * waits on a thread: callers and polls are futures, and their deadlines wait on one shared scheduler. Every queue is
 * bounded ({@link RelayLimits}): clients, requests waiting and polls open per client, and bytes per client and second
 * ({@link RelayClientBudget}). Thread-safe: one lock guards it all ({@link RelayClientQueue} too), held only for
 * bookkeeping.
 */
final class RelayHub {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHub.class);
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RelayLimits limits;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Map<String, RelayClientQueue> clients = new LinkedHashMap<>();
    private final Map<String, RelayClientQueue.Pending> pendingById = new HashMap<>();

    RelayHub(RelayLimits limits, ScheduledExecutorService timer, Clock clock, LongSupplier nanos) {
        this.limits = limits;
        this.timer = timer;
        this.clock = clock;
        this.nanos = nanos;
    }

    /**
     * A poll of the node of {@code key}, whose signature was checked: it becomes a client if it is not one.
     *
     * @param wait how long the poll may be held if nothing is queued (at most {@link RelayLimits#maxPoll})
     * @return the requests for it: at once if some are queued, else the first to come, or none when the wait ends
     * @throws RelayRefusal 403 if this node relays nothing, 503 if it has all the clients it takes, 429 if the node
     *                      has {@link RelayLimits#maxOpenPolls} polls open already
     */
    synchronized CompletableFuture<List<RelayedRequest>> attach(Ed25519PublicKey key, Duration wait)
            throws RelayRefusal {
        String nodeId = key.fingerprint();
        if (limits.maxClients() <= 0) {
            throw new RelayRefusal(403, "this node does not relay");
        }
        RelayClientQueue client = clients.get(nodeId);
        if (client == null) {
            if (clients.size() >= limits.maxClients()) {
                throw new RelayRefusal(503, "this node relays for as many nodes as it takes (" + limits.maxClients()
                        + "); try another relay or later", 60);
            }
            client = new RelayClientQueue(key, limits.bytesPerSecond(), clock, nanos);
            clients.put(nodeId, client);
            LOG.info("Node {} attached: this node relays for it ({} of {} relay clients)", nodeId, clients.size(),
                    limits.maxClients());
        }
        if (client.polls.size() >= limits.maxOpenPolls()) {
            throw new RelayRefusal(429, "node " + nodeId + " has " + limits.maxOpenPolls() + " polls open already", 1);
        }
        client.touch();
        if (!client.queued.isEmpty()) {
            return CompletableFuture.completedFuture(client.batch(limits.batchRequests(), limits.batchBytes()));
        }
        CompletableFuture<List<RelayedRequest>> poll = new CompletableFuture<>();
        client.polls.add(poll);
        RelayClientQueue polling = client;
        long millis = Math.max(0, Math.min(wait.toMillis(), limits.maxPoll().toMillis()));
        ScheduledFuture<?> end = timer.schedule(() -> poll.complete(List.of()), millis, TimeUnit.MILLISECONDS);
        // However it ends (requests, the wait over, the connection gone), the poll leaves and counts as the last.
        poll.whenComplete((requests, failure) -> {
            end.cancel(false);
            pollEnded(polling, poll);
        });
        return poll;
    }

    private synchronized void pollEnded(RelayClientQueue client, CompletableFuture<List<RelayedRequest>> poll) {
        if (client.polls.remove(poll)) {
            client.touch();
        }
    }

    /**
     * A request for {@code nodeId} from anyone; nothing of it is checked here but its size against the budget.
     *
     * @param path the raw path and query after {@code /relay/<id>}, starting with {@code /}
     * @return the client's answer when it comes; 504 if it does not within {@link RelayLimits#answerWait}, 502 if
     *         the client is dropped meanwhile
     * @throws RelayRefusal 404 if the node is not a client, 503 if it has {@link RelayLimits#maxWaiting} requests
     *                      waiting, 429 if it is over its bytes per second
     */
    synchronized CompletableFuture<RelayAnswer> relay(String nodeId, String method, String path,
            Map<String, String> headers, byte[] body) throws RelayRefusal {
        RelayClientQueue client = admissible(nodeId);
        long wait = client.budget.admit(body.length);
        if (wait > 0) {
            throw overBudget(nodeId, wait);
        }
        String id = newId();
        RelayClientQueue.Pending pending = new RelayClientQueue.Pending(client,
                new RelayedRequest(id, method, path, headers, body), new CompletableFuture<>(),
                new ScheduledFuture<?>[1]);
        pendingById.put(id, pending);
        client.unanswered.put(id, pending);
        client.requests++;
        client.bytesIn += body.length;
        pending.deadline()[0] = timer.schedule(() -> end(pending, RelayAnswer.message(504, "node " + nodeId
                + " did not answer within " + limits.answerWait().toSeconds() + " s")),
                limits.answerWait().toMillis(), TimeUnit.MILLISECONDS);
        client.queued.add(pending);
        for (CompletableFuture<List<RelayedRequest>> poll; (poll = client.polls.poll()) != null;) {
            List<RelayedRequest> batch = client.batch(limits.batchRequests(), limits.batchBytes());
            if (poll.complete(batch)) {
                client.touch();
                break;
            }
            client.requeue(batch); // that poll's wait ended just now: the next one, or the next poll, takes them
        }
        return pending.answer();
    }

    /**
     * What can be told before a request's body is read, so that one that cannot pass costs no reading: as
     * {@link #relay} would refuse it now, for any body.
     */
    synchronized void precheck(String nodeId) throws RelayRefusal {
        long wait = admissible(nodeId).budget.debtSeconds();
        if (wait > 0) {
            throw overBudget(nodeId, wait);
        }
    }

    private RelayClientQueue admissible(String nodeId) throws RelayRefusal {
        RelayClientQueue client = clients.get(nodeId);
        if (client == null) {
            throw new RelayRefusal(502, "node " + nodeId + " is not attached to this relay");
        }
        if (client.unanswered.size() >= limits.maxWaiting()) {
            throw new RelayRefusal(503, "node " + nodeId + " has " + limits.maxWaiting()
                    + " requests waiting at this relay; try again later", 5);
        }
        return client;
    }

    private RelayRefusal overBudget(String nodeId, long waitSeconds) {
        return new RelayRefusal(429, "node " + nodeId + " gets more than " + limits.bytesPerSecond()
                + " bytes per second through this relay", waitSeconds);
    }

    /**
     * The answer of {@code nodeId} to one of its requests. Like a request, it is let in while the client's budget is
     * not in debt: so a client cannot make this node hold more than about one large answer beyond its rate.
     *
     * @return false if no request {@code id} of that node waits (unknown, answered, or its caller gave up)
     * @throws RelayRefusal 429 if the client is over its bytes per second (the request still waits)
     */
    synchronized boolean answer(String nodeId, String id, RelayAnswer answer) throws RelayRefusal {
        RelayClientQueue.Pending pending = pendingById.get(id);
        if (pending == null || !pending.client().nodeId.equals(nodeId)) {
            return false;
        }
        long wait = pending.client().budget.admit(answer.body().length);
        if (wait > 0) {
            throw overBudget(nodeId, wait);
        }
        pending.client().bytesOut += answer.body().length;
        return end(pending, answer);
    }

    /** @throws RelayRefusal 429 if {@code nodeId} is a client over its bytes per second: its answer would be refused */
    synchronized void precheckAnswer(String nodeId) throws RelayRefusal {
        RelayClientQueue client = clients.get(nodeId);
        long wait = client == null ? 0 : client.budget.debtSeconds();
        if (wait > 0) {
            throw overBudget(nodeId, wait);
        }
    }

    /** Gives requests back that were handed to a poll whose answer could not be written: the next poll gets them. */
    synchronized void undelivered(String nodeId, List<RelayedRequest> requests) {
        RelayClientQueue client = clients.get(nodeId);
        if (client != null) {
            client.requeue(requests);
        }
    }

    /** Drops the clients that had no poll open for {@link RelayLimits#idle}; their callers get 502. */
    synchronized void dropIdle() {
        long now = nanos.getAsLong();
        for (RelayClientQueue client : List.copyOf(clients.values())) {
            if (client.polls.isEmpty() && now - client.lastPollNanos > limits.idle().toNanos()) {
                drop(client, "node " + client.nodeId + " left this relay (no poll for "
                        + limits.idle().toSeconds() + " s)");
            }
        }
    }

    /** Drops every client (the relay stops); their callers get 502 and their polls end empty. */
    synchronized void close() {
        for (RelayClientQueue client : List.copyOf(clients.values())) {
            drop(client, "this relay stopped");
        }
    }

    /** @return whether this node relays at all */
    boolean offered() {
        return limits.maxClients() > 0;
    }

    /** @return the key that {@code nodeId} attached with, if it is a client now: its answers are signed with it */
    synchronized Optional<Ed25519PublicKey> key(String nodeId) {
        return Optional.ofNullable(clients.get(nodeId)).map(client -> client.key);
    }

    /** @return the requests waiting for a client's answer, for all clients */
    synchronized int waiting() {
        return pendingById.size();
    }

    /** @return the most requests that may wait for all clients together */
    long mostWaiting() {
        return (long) Math.max(0, limits.maxClients()) * limits.maxWaiting();
    }

    synchronized RelayReport report() {
        List<RelayClient> listed = new ArrayList<>();
        for (RelayClientQueue client : clients.values()) {
            listed.add(client.report());
        }
        return new RelayReport(limits.maxClients() > 0, limits.maxClients(), limits.bytesPerSecond(), listed);
    }

    private void drop(RelayClientQueue client, String why) {
        clients.remove(client.nodeId);
        LOG.info("Relay client {} dropped: {}; {} request(s) waiting for it get 502", client.nodeId, why,
                client.unanswered.size());
        for (RelayClientQueue.Pending pending : List.copyOf(client.unanswered.values())) {
            end(pending, RelayAnswer.message(502, why));
        }
        for (CompletableFuture<List<RelayedRequest>> poll : List.copyOf(client.polls)) {
            poll.complete(List.of());
        }
    }

    /** Ends a request with {@code answer}; @return false if it had ended already */
    private boolean end(RelayClientQueue.Pending pending, RelayAnswer answer) {
        synchronized (this) {
            if (pendingById.remove(pending.request().id()) == null) {
                return false;
            }
            pending.client().unanswered.remove(pending.request().id());
            pending.client().queued.remove(pending);
            if (pending.deadline()[0] != null) {
                pending.deadline()[0].cancel(false);
            }
        }
        return pending.answer().complete(answer);
    }

    private static String newId() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }
}
