package org.dump.federation.internal;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.record.RecordFeed;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes records to the peers that run their module, at once: what this node writes, and what it receives from
 * one peer to all its other peers (so records travel several hops). Each peer has a queue, sent in batches of up
 * to {@link #MAX_BATCH} in one signed request; a peer that answers with an error keeps its queue (up to
 * {@link #MAX_QUEUE}) for the next round. A peer that does not answer at all loses its queue, and nothing is queued
 * for it for {@link #ABSENT_PAUSE}: it is probably down, and anti-entropy brings it all from the store when it is back.
 * Holding pushes for it instead would keep up to 100,000 records in the node's heap and send them again on top of
 * anti-entropy.
 */
@Component(service = {RecordFeed.class, RecordPush.class}, immediate = true)
public final class RecordPush implements RecordFeed {

    static final String PATH = "federation/records";
    private static final Logger LOG = LoggerFactory.getLogger(RecordPush.class);
    private static final int MAX_BATCH = 500;
    private static final int MAX_QUEUE = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long nothing is queued for a peer that did not answer; then the next push tries it again. */
    static final Duration ABSENT_PAUSE = Duration.ofSeconds(30);

    private final PeerClient client;
    private final PeerDirectory peers;
    private final PeerStanding standing;
    /** The last failure logged for each peer, so that a peer failing alike again and again is logged once. */
    private final Map<String, String> lastLogged = new ConcurrentHashMap<>();
    /** Records waiting for each peer, by node id; bounded, so that offering to a full one fails at once. */
    private final Map<String, BlockingQueue<SignedRecord>> queues = new ConcurrentHashMap<>();
    /** Peers that did not answer, with the time (System.nanoTime) until which nothing is queued for them. */
    private final Map<String, Long> absentUntil = new ConcurrentHashMap<>();
    private final OriginKeys originKeys;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dump-record-push");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public RecordPush(@Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference OriginKeys originKeys, @Reference PeerStanding standing) {
        this.client = client;
        this.peers = peers;
        this.standing = standing;
        this.originKeys = originKeys;
        sender.scheduleWithFixedDelay(this::sendAll, 1, 1, TimeUnit.SECONDS);
        // Peers install and remove modules: learn what they run now and then.
        sender.scheduleWithFixedDelay(this::refreshPeers, 30, 30, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        sender.shutdownNow();
    }

    @Override
    public void written(List<SignedRecord> records) {
        // Called on the store's writer thread: finding the peers (a query) and queueing happen on ours.
        sender.execute(() -> forward(records, Map.of(), null));
    }

    /**
     * Queues {@code records} for every peer that runs their module, except {@code from}, the peer they came from.
     *
     * @param keys the origin keys that came with them
     */
    void forward(List<SignedRecord> records, Map<String, Ed25519PublicKey> keys, String from) {
        originKeys.learn(keys);
        List<Peer> present = peers.list().stream()
                .filter(peer -> !absent(peer.nodeId()) && standing.mayContact(peer.nodeId())).toList();
        boolean queued = false;
        for (SignedRecord record : records) {
            for (Peer peer : present) {
                if (!peer.nodeId().equals(from) && !peer.nodeId().equals(record.origin())
                        && DataVersions.runsAt(peer, record.module(), record.dataVersion())) {
                    queued |= queues.computeIfAbsent(peer.nodeId(), id -> new LinkedBlockingQueue<>(MAX_QUEUE))
                            .offer(record);
                }
            }
        }
        if (queued && !sender.isShutdown()) {
            sender.execute(this::sendAll);
        }
    }

    /** @return whether {@code nodeId} did not answer a push a short while ago */
    boolean absent(String nodeId) {
        Long until = absentUntil.get(nodeId);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        absentUntil.remove(nodeId, until);
        return false;
    }

    /** @return how many records wait for {@code nodeId} */
    int waiting(String nodeId) {
        BlockingQueue<SignedRecord> queue = queues.get(nodeId);
        return queue == null ? 0 : queue.size();
    }

    private void sendAll() {
        if (queues.values().stream().allMatch(BlockingQueue::isEmpty)) {
            return; // nothing waits: no need to read the peers every second
        }
        for (Peer peer : peers.list()) {
            BlockingQueue<SignedRecord> queue = queues.get(peer.nodeId());
            if (queue != null && !standing.mayContact(peer.nodeId())) {
                queue.clear(); // it does not take this node: anti-entropy brings them once it does
                continue;
            }
            while (queue != null && !queue.isEmpty()) {
                List<SignedRecord> batch = new ArrayList<>();
                queue.drainTo(batch, MAX_BATCH);
                Sent sent = send(peer, batch);
                if (sent == Sent.NO_ANSWER) {
                    int dropped = batch.size() + queue.size();
                    queue.clear();
                    absentUntil.put(peer.nodeId(), System.nanoTime() + ABSENT_PAUSE.toNanos());
                    LOG.info("Peer {} does not answer: {} record(s) waiting for it dropped, none queued for {} s; "
                            + "anti-entropy brings them when it is back", peer.nodeId(), dropped,
                            ABSENT_PAUSE.toSeconds());
                    break;
                }
                if (sent == Sent.AGAIN) {
                    batch.forEach(queue::offer);
                    break;
                }
                if (sent == Sent.REFUSED) {
                    queue.clear();
                    break;
                }
            }
        }
    }

    /** What became of a batch sent to a peer. */
    private enum Sent {
        /**
         * Done with: the peer took it (records it refused are its to report), or refused the batch as a whole as
         * malformed or too large, which sending it again would not change (anti-entropy offers the records again)
         */
        DONE,
        /** To be sent again: the peer answered 401, 429, 5xx or its web server's own 404 */
        AGAIN,
        /** The peer did not answer at all */
        NO_ANSWER,
        /** The peer does not take this node as its peer (401, 403): nothing more is sent to it for a while */
        REFUSED
    }

    private Sent send(Peer peer, List<SignedRecord> batch) {
        URI target = peer.url().resolve(PATH);
        byte[] body = WireRecords.encode(batch,
                originKeys.forRecords(batch.stream().map(SignedRecord::origin).distinct().toList()), null);
        String error = null;
        Sent sent = Sent.NO_ANSWER;
        try {
            HttpResponse<String> response = client.http().send(client.post(target, body, TIMEOUT),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status != 200) {
                error = "pushing records: HTTP " + status + " " + abbreviate(response.body());
            }
            if (PeerClient.refusal(status)) {
                standing.refused(peer.nodeId(), PeerClient.messageOf(response.body().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))); // which tells the log, once
                peers.exchanged(peer.nodeId(), 0, 0, error);
                return Sent.REFUSED;
            }
            if (status == 200) {
                standing.accepted(peer.nodeId());
            }
            // A refusal of the batch itself comes from the endpoint, as JSON; the web server's own 404 (a peer still
            // starting, its federation not up yet) is worth another try.
            boolean fromTheEndpoint = response.headers().firstValue("Content-Type")
                    .filter(type -> type.startsWith("application/json")).isPresent();
            boolean done = status == 200
                    || fromTheEndpoint && (status == 400 || status == 404 || status == 409 || status == 413);
            sent = done ? Sent.DONE : Sent.AGAIN;
            if (status != 200 && done) {
                LOG.warn("Peer {} refused a batch of {} records as a whole (HTTP {}); not sent again", peer.nodeId(),
                        batch.size(), status);
            }
        } catch (java.io.IOException e) {
            error = "pushing records: " + PeerClient.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
            sent = Sent.AGAIN;
        }
        if (error != null && !error.equals(lastLogged.put(peer.nodeId(), error))) {
            LOG.warn("Peer {} at {}: {} (logged again when this changes)", peer.nodeId(), peer.url(), error);
        } else if (error == null && lastLogged.remove(peer.nodeId()) != null) {
            LOG.info("Peer {} takes pushes again", peer.nodeId());
        }
        peers.exchanged(peer.nodeId(), 0, error == null ? batch.size() : 0, error);
        return sent;
    }

    private void refreshPeers() {
        try {
            peers.refresh();
        } catch (RuntimeException e) {
            LOG.warn("Refreshing peers failed", e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
