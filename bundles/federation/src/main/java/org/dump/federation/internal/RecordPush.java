package org.dump.federation.internal;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.identity.NodeIdentity;
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
 * to {@link #MAX_BATCH} in one signed request; a peer that does not answer keeps its queue (up to
 * {@link #MAX_QUEUE}) for the next round.
 */
@Component(service = {RecordFeed.class, RecordPush.class}, immediate = true)
public final class RecordPush implements RecordFeed {

    static final String PATH = "federation/records";
    private static final Logger LOG = LoggerFactory.getLogger(RecordPush.class);
    private static final int MAX_BATCH = 500;
    private static final int MAX_QUEUE = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final PeerClient client;
    private final PeerDirectory peers;
    /** Records waiting for each peer, by node id. */
    private final Map<String, ConcurrentLinkedQueue<SignedRecord>> queues = new ConcurrentHashMap<>();
    private final OriginKeys originKeys;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dump-record-push");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public RecordPush(@Reference NodeIdentity identity, @Reference PeerDirectory peers,
            @Reference OriginKeys originKeys) {
        this.client = new PeerClient(identity);
        this.peers = peers;
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
        List<Peer> known = peers.list();
        boolean queued = false;
        for (SignedRecord record : records) {
            for (Peer peer : known) {
                if (!peer.nodeId().equals(from) && !peer.nodeId().equals(record.origin())
                        && DataVersions.runsAt(peer, record.module(), record.dataVersion())) {
                    ConcurrentLinkedQueue<SignedRecord> queue = queues.computeIfAbsent(peer.nodeId(),
                            id -> new ConcurrentLinkedQueue<>());
                    if (queue.size() < MAX_QUEUE) {
                        queue.add(record);
                        queued = true;
                    }
                }
            }
        }
        if (queued && !sender.isShutdown()) {
            sender.execute(this::sendAll);
        }
    }

    private void sendAll() {
        if (queues.values().stream().allMatch(ConcurrentLinkedQueue::isEmpty)) {
            return; // nothing waits: no need to read the peers every second
        }
        for (Peer peer : peers.list()) {
            ConcurrentLinkedQueue<SignedRecord> queue = queues.get(peer.nodeId());
            while (queue != null && !queue.isEmpty()) {
                List<SignedRecord> batch = new ArrayList<>();
                for (SignedRecord next = queue.peek(); next != null && batch.size() < MAX_BATCH; next = queue.peek()) {
                    batch.add(queue.poll());
                }
                if (!send(peer, batch)) {
                    queue.addAll(batch);
                    break;
                }
            }
        }
    }

    /**
     * @return whether the batch is done with: the peer took it (records it refused are its to report), or refused
     *         the batch as a whole as malformed or too large, which sending it again would not change (anti-entropy
     *         offers the records again later); false if it is to be sent again (no answer, 401, 429, 5xx)
     */
    private boolean send(Peer peer, List<SignedRecord> batch) {
        URI target = peer.url().resolve(PATH);
        byte[] body = WireRecords.encode(batch,
                originKeys.forRecords(batch.stream().map(SignedRecord::origin).distinct().toList()), null);
        String error = null;
        boolean done = false;
        try {
            HttpResponse<String> response = client.http().send(client.post(target, body, TIMEOUT),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status != 200) {
                error = "pushing records: HTTP " + status + " " + abbreviate(response.body());
            }
            // A refusal of the batch itself comes from the endpoint, as JSON; the web server's own 404 (a peer still
            // starting, its federation not up yet) is worth another try.
            boolean fromTheEndpoint = response.headers().firstValue("Content-Type")
                    .filter(type -> type.startsWith("application/json")).isPresent();
            done = status == 200 || fromTheEndpoint && (status == 400 || status == 404 || status == 409 || status == 413);
            if (status != 200 && done) {
                LOG.warn("Peer {} refused a batch of {} records as a whole (HTTP {}); not sent again", peer.nodeId(),
                        batch.size(), status);
            }
        } catch (java.io.IOException e) {
            error = "pushing records: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        if (error != null) {
            LOG.warn("Peer {} at {}: {}", peer.nodeId(), peer.url(), error);
        }
        peers.exchanged(peer.nodeId(), 0, error == null ? batch.size() : 0, error);
        return done;
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
