package org.dump.federation.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordInventory.Range;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the records this node heard of and still lacks when their time is up ({@link Gossip#due}): from the peer that
 * announced them, with {@code POST /federation/versions} and {@code "graft":true}, which makes that peer push those
 * origins' records here from now on (§7.8). Four times a second, on a thread of its own; the requests go out over the
 * HTTP client's threads, and their answers are taken in on the next tick, so that a peer that does not answer costs
 * nothing but its own pull, which the next announcer's replaces. At most {@link #MAX_PENDING} pulls are under way or
 * wait to be taken in at once (each answer may be 8 MiB): while that many are, no more are made, and what is due
 * waits; a pull beyond them in one tick is not made, and its record is asked of its next announcer or left to
 * anti-entropy.
 */
@Component(service = GraftPulls.class, immediate = true)
public final class GraftPulls {

    static final Duration TICK = Duration.ofMillis(250);
    /** The most records one graft asks for: announcements are of the records a peer stored in the last moments. */
    static final int LIMIT = 500;
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(8 * 1024 * 1024, Duration.ofSeconds(10));
    /** The most pulls under way or waiting to be taken in: one per peer of a node with the default maxPeers. */
    static final int MAX_PENDING = 16;

    private static final Logger LOG = LoggerFactory.getLogger(GraftPulls.class);

    private record Answered(String peer, byte[] body) {
    }

    private final Gossip gossip;
    private final PeerClient client;
    private final PeerDirectory peers;
    private final PeerStanding standing;
    private final RecordReception reception;
    private final RecordInventory inventory;
    private final Queue<Answered> answers = new ConcurrentLinkedQueue<>();
    /** Pulls sent and not yet answered, or answered and not yet taken in. */
    private final AtomicInteger pending = new AtomicInteger();
    private final int maxPending;
    private final Rounds rounds;

    @Activate
    public GraftPulls(@Reference Gossip gossip, @Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference PeerStanding standing, @Reference RecordReception reception,
            @Reference RecordInventory inventory) {
        this(gossip, client, peers, standing, reception, inventory, MAX_PENDING);
    }

    GraftPulls(Gossip gossip, PeerClient client, PeerDirectory peers, PeerStanding standing,
            RecordReception reception, RecordInventory inventory, int maxPending) {
        this.maxPending = maxPending;
        this.gossip = gossip;
        this.client = client;
        this.peers = peers;
        this.standing = standing;
        this.reception = reception;
        this.inventory = inventory;
        this.rounds = new Rounds("dump-graft", this::tick, TICK, TICK);
    }

    @Deactivate
    void stop() {
        rounds.close();
    }

    private void tick() {
        for (Answered answered = answers.poll(); answered != null; answered = answers.poll()) {
            try {
                takeIn(answered);
            } finally {
                pending.decrementAndGet();
            }
        }
        if (pending.get() >= maxPending) {
            return; // what is due waits for the next tick
        }
        gossip.due(module -> (origin, sequence) -> inventory.unseen(module,
                Map.of(origin, List.of(new Range(sequence, sequence)))).isEmpty()).forEach(this::pull);
    }

    private void pull(String nodeId, List<Gossip.GraftRequest> requests) {
        Optional<Peer> peer = peers.find(nodeId);
        if (peer.isEmpty()) {
            gossip.left(nodeId);
            return;
        }
        if (!standing.mayContact(nodeId)) {
            return; // backed off for now: its trees stay, and the next announcer is asked after GRAFT_AGAIN
        }
        for (Gossip.GraftRequest request : requests) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("module", request.module());
            body.put("dataVersion", request.dataVersion());
            body.put("versions", Ranges.toPairs(request.versions()));
            body.put("limit", LIMIT);
            body.put("graft", true);
            byte[] bytes;
            try {
                bytes = FederationJson.MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (pending.incrementAndGet() > maxPending) {
                pending.decrementAndGet();
                LOG.debug("A graft from peer {} is not made: {} pulls are under way", nodeId, maxPending);
                continue;
            }
            try {
                client.sendAsync("peer " + nodeId, peer.get().url().resolve("federation/" + VersionFetch.ENDPOINT),
                        bytes, ANSWER).whenComplete((response, failure) -> answered(nodeId, response, failure));
            } catch (RuntimeException e) {
                pending.decrementAndGet();
                throw e;
            }
        }
    }

    private void answered(String nodeId, HttpResponse<byte[]> response, Throwable failure) {
        if (failure != null) {
            LOG.debug("Peer {} did not answer a graft: {}", nodeId, failure.toString());
        } else if (response.statusCode() != 200) {
            LOG.debug("Peer {} answered a graft with HTTP {}", nodeId, response.statusCode());
        } else {
            answers.add(new Answered(nodeId, response.body()));
            return; // pending until taken in
        }
        pending.decrementAndGet();
    }

    /** @return the pulls under way or waiting to be taken in */
    int pending() {
        return pending.get();
    }

    /** @return the most pulls under way or waiting at once */
    int maxPending() {
        return maxPending;
    }

    private void takeIn(Answered answered) {
        try {
            reception.receive(answered.peer(), WireRecords.decode(answered.body()), true);
        } catch (IOException malformed) {
            LOG.warn("Peer {} answered a graft with a malformed batch: {}", answered.peer(), malformed.getMessage());
            peers.misbehaved(answered.peer(), 1, "answered a graft with a malformed batch: " + malformed.getMessage());
        }
    }
}
