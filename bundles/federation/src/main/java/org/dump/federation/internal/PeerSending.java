package org.dump.federation.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends what waits for each peer: its announcements first (small, and what lets the peer pull what it lacks), then
 * its records in batches of up to {@link #MAX_BATCH}, one request at a time for each peer but to all peers at once,
 * each over the HTTP client's own threads: a slow peer holds up only its own queue, and no longer than
 * {@link RecordPush#ANSWER} allows. A peer that does not answer loses what waits for it and is backed off
 * ({@link PushQueues#pause}); one that answers with an error keeps its records for the next try. Runs on the push
 * sender thread, which {@code onSender} schedules onto.
 */
final class PeerSending {

    static final String RECORDS = "federation/records";
    static final String ANNOUNCE = "federation/announce";
    private static final int MAX_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RecordPush.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final PeerClient client;
    private final PeerDirectory peers;
    private final PeerStanding standing;
    private final PushQueues queues;
    private final Gossip gossip;
    private final OriginKeys originKeys;
    private final PushAnswers answers;
    private final Predicate<Runnable> onSender;
    /** Peers a request is on its way to: one at a time for each. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();
    /** Peers whose dropped queue was logged, until they take pushes again: the log says it once. */
    private final Set<String> dropLogged = ConcurrentHashMap.newKeySet();

    PeerSending(PeerClient client, PeerDirectory peers, PeerStanding standing, PushQueues queues, Gossip gossip,
            OriginKeys originKeys, Predicate<Runnable> onSender) {
        this.client = client;
        this.peers = peers;
        this.standing = standing;
        this.queues = queues;
        this.gossip = gossip;
        this.originKeys = originKeys;
        this.answers = new PushAnswers(peers, standing);
        this.onSender = onSender;
    }

    void sendToAll() {
        Set<String> waiting = new java.util.HashSet<>(queues.peers());
        waiting.addAll(gossip.announcing());
        if (waiting.isEmpty()) {
            return; // nothing waits: no need to read the peers every second
        }
        List<Peer> all = peers.list();
        waiting.stream().filter(id -> all.stream().noneMatch(peer -> peer.nodeId().equals(id))).forEach(id -> {
            queues.drop(id, "no longer a peer");
            gossip.left(id);
        });
        for (Peer peer : all) {
            if (waiting.contains(peer.nodeId()) && !standing.mayContact(peer.nodeId())) {
                queues.drop(peer.nodeId(), "refused"); // anti-entropy brings them once it takes this node
                gossip.takeAnnouncements(peer.nodeId());
            } else if (waiting.contains(peer.nodeId()) && sending.add(peer.nodeId())) {
                sendNext(peer);
            }
        }
    }

    /** Sends the next request to {@code peer}, which {@link #sending} holds: announcements before records. */
    private void sendNext(Peer peer) {
        Map<String, Map<String, List<org.dump.node.record.RecordInventory.Range>>> announced =
                gossip.takeAnnouncements(peer.nodeId());
        if (!announced.isEmpty()) {
            send(peer, ANNOUNCE, Announcements.body(announced), 0, null);
            return;
        }
        List<SignedRecord> batch = queues.take(peer.nodeId(), MAX_BATCH);
        if (batch.isEmpty()) {
            sending.remove(peer.nodeId());
            return;
        }
        byte[] body = WireRecords.encode(batch,
                originKeys.forRecords(batch.stream().map(SignedRecord::origin).distinct().toList()), null);
        send(peer, RECORDS, body, batch.size(), batch);
    }

    private void send(Peer peer, String path, byte[] body, int records, List<SignedRecord> batch) {
        client.sendAsync("peer " + peer.nodeId(), peer.url().resolve(path), body, RecordPush.ANSWER)
                .whenComplete((response, failure) -> {
                    if (!onSender.test(() -> answered(peer, records, batch, response, failure))) {
                        sending.remove(peer.nodeId()); // stopping
                    }
                });
    }

    private void answered(Peer peer, int records, List<SignedRecord> batch, HttpResponse<byte[]> response,
            Throwable failure) {
        try {
            readAnswer(peer, records, batch, response, failure);
        } catch (RuntimeException e) {
            sending.remove(peer.nodeId());
            if (DatabaseUnavailableException.in(e).isEmpty()) { // a database out of disk space was logged once already
                LOG.warn("Reading the answer of peer {} to a push failed", peer.nodeId(), e);
            }
        }
    }

    /** @param batch the records sent, or null for announcements (which are not sent again: anti-entropy is) */
    private void readAnswer(Peer peer, int records, List<SignedRecord> batch, HttpResponse<byte[]> response,
            Throwable failure) {
        String id = peer.nodeId();
        switch (answers.read(peer, records, response, failure)) {
            case DONE -> {
                dropLogged.remove(id);
                queues.answered(id);
                if (batch != null) {
                    pruned(peer, response);
                }
                sendNext(peer); // the next request, if any, at once
                return;
            }
            case AGAIN -> {
                if (batch != null) {
                    queues.putBack(id, batch).forEach(this::dropped);
                }
            }
            case NO_ANSWER -> {
                PushQueues.Backoff backoff = queues.pause(id);
                int dropped = records + backoff.dropped().records();
                gossip.takeAnnouncements(id);
                LOG.info("Peer {} does not answer ({} time(s) in a row): {} record(s) waiting for it dropped, none "
                        + "queued for {} s; anti-entropy brings them when it is back", id, backoff.failures(),
                        dropped, backoff.pause().toSeconds());
            }
            case REFUSED -> {
                queues.drop(id, "refused");
                gossip.takeAnnouncements(id);
            }
        }
        sending.remove(id);
    }

    /** Reads the prunes in a push's answer (§7.8) into the gossip trees. */
    private void pruned(Peer peer, HttpResponse<byte[]> response) {
        if (response == null || response.statusCode() != 200) {
            return;
        }
        try {
            JsonNode prune = JSON.readTree(response.body()).path("prune");
            List<Gossip.Prune> prunes = new java.util.ArrayList<>();
            for (JsonNode one : prune) {
                prunes.add(JSON.treeToValue(one, Gossip.Prune.class));
            }
            gossip.pruned(peer.nodeId(), prunes.stream().filter(p -> p.module() != null && p.dataVersion() != null
                    && p.origins() != null).toList());
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Peer {} answered a push with prunes that do not read: {}", peer.nodeId(), e.getMessage());
        }
    }

    /** Says once, until the peer takes pushes again, that what waited for it was dropped to keep within the limits. */
    void dropped(PushQueues.Dropped dropped) {
        if (dropLogged.add(dropped.nodeId())) {
            LOG.warn("{} record(s) ({} KiB) waiting for peer {} dropped: {}; anti-entropy brings them to it (said once "
                    + "until it takes pushes again)", dropped.records(), PushQueues.kib(dropped.bytes()),
                    dropped.nodeId(), dropped.why());
        }
    }
}
