package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PeerRefusedException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Peer exchange: now and then this node asks each peer for its peers ({@code POST /federation/peers}, signed) and
 * keeps them as known nodes ({@link JpaKnownNodes}), its passive view; the {@link ActiveView} then takes from them
 * the peers it lacks ({@link PeerChoice}, per module) in place of those that went silent.
 */
@Component(service = PeerExchange.class, immediate = true, configurationPid = PeerExchange.PID)
@Designate(ocd = PeerExchange.Config.class)
public final class PeerExchange {

    static final String PID = "org.dump.federation.exchange";
    static final String PATH = "federation/peers";
    /** The most nodes one answer may introduce. */
    static final int MAX_INTRODUCTIONS = 100;

    @ObjectClassDefinition(name = "DUMP peer exchange", description = "How the node learns the peers of its peers.")
    public @interface Config {

        @AttributeDefinition(name = "Interval (seconds)", min = "1",
                description = "Time between two rounds of asking every peer for its peers (±20% at random).")
        int intervalSeconds() default 60;

        @AttributeDefinition(name = "First round after start (seconds)", min = "0")
        int firstRoundSeconds() default 10;

        @AttributeDefinition(name = "Peers wanted, per module", min = "0",
                description = "For each module the node runs: while fewer of its peers run it, it takes known nodes "
                        + "that run it as peers (up to maxPeers in all). 0: never; peers are then added by an "
                        + "administrator only.")
        int autoPeers() default 3;

        @AttributeDefinition(name = "Most peers", min = "0",
                description = "A node that took this one as a peer asks to be taken in turn; it is, while this node "
                        + "has fewer peers than this.")
        int maxPeers() default 16;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerExchange.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;
    /** At most {@link #MAX_INTRODUCTIONS} introductions of a front door's size (a sixteenth of its limit) each. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(
            MAX_INTRODUCTIONS * NodeFrontDoor.MAX_ANSWER_BYTES / 16, Duration.ofSeconds(30));

    private final PeerDirectory peers;
    private final JpaKnownNodes known;
    private final PeerClient client;
    private final PeerStanding standing;
    private final ActiveView view;
    private final Rounds rounds;
    private final PeerChoice choice;
    private final PeerMoves moves;

    @Activate
    public PeerExchange(@Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference JpaKnownNodes known, @Reference PeerStanding standing, @Reference ActiveView view,
            @Reference JpaPeerDirectory directory, @Reference PeerContacts contacts, Config config) {
        this.moves = new PeerMoves(directory, contacts.view(), contacts::now);
        this.peers = peers;
        this.known = known;
        this.client = client;
        this.standing = standing;
        this.view = view;
        this.choice = new PeerChoice(config.autoPeers(), config.maxPeers());
        this.rounds = new Rounds("dump-peer-exchange", this::round, Duration.ofSeconds(config.firstRoundSeconds()),
                Duration.ofSeconds(Math.max(1, config.intervalSeconds())));
    }

    @Deactivate
    void stop() {
        rounds.close();
    }

    private void round() {
        for (Peer peer : peers.list()) {
            if (standing.mayContact(peer.nodeId())) {
                learnFrom(peer);
            }
        }
        view.soon(); // new known nodes: a peer that went silent may be replaced now
    }

    /** Asks {@code peer} for its peers and keeps them as known nodes. */
    void learnFrom(Peer peer) {
        URI target = peer.url().resolve(PATH);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<byte[]> response = client.send("peer " + peer.nodeId(), target, body, ANSWER);
            byte[] answer = response.body();
            if (PeerClient.refusal(response.statusCode())) {
                standing.refused(peer.nodeId(), PeerClient.messageOf(answer)); // which tells the log, once
                return;
            }
            if (response.statusCode() != 200) {
                LOG.info("Peer {} did not say who its peers are: HTTP {}", peer.nodeId(), response.statusCode());
                return;
            }
            standing.accepted(peer.nodeId());
            Introductions read = introductions(answer);
            if (read.bad() > 0) {
                peers.misbehaved(peer.nodeId(), read.bad(), "introduced " + read.bad()
                        + " node(s) whose id, key or address is wrong");
            }
            List<JpaKnownNodes.Introduction> introductions = read.sound();
            follow(introductions);
            int fresh = known.learn(peer.nodeId(), introductions);
            if (fresh > 0) {
                LOG.info("Peer {} told of {} node(s) this node did not know", peer.nodeId(), fresh);
            }
        } catch (IOException e) {
            LOG.info("Asking peer {} for its peers: {}", peer.nodeId(), PeerClient.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Follows peers of this node that an introduction names at another address, if they moved there. */
    private void follow(List<JpaKnownNodes.Introduction> introductions) {
        for (JpaKnownNodes.Introduction introduction : introductions) {
            peers.find(introduction.card().id()).filter(mine -> mine.nodeId().equals(introduction.card().id()))
                    .ifPresent(mine -> {
                        if (moves.follow(mine, introduction.url())) {
                            LOG.info("Peer {} followed to {}, where it says it is reached now", mine.nodeId(),
                                    introduction.url());
                        }
                    });
        }
    }

    /** A peer's answer, read: the introductions that check out, and how many did not (bad key, id, address). */
    record Introductions(List<JpaKnownNodes.Introduction> sound, int bad) {
    }

    /**
     * Reads a peer's answer: at most {@link #MAX_INTRODUCTIONS}, each checked like a front door.
     *
     * @throws IOException if the answer is not JSON
     */
    static Introductions introductions(byte[] answer) throws IOException {
        JsonNode root = JSON.readTree(answer);
        List<JpaKnownNodes.Introduction> introductions = new ArrayList<>();
        int bad = 0;
        for (JsonNode node : root.path("peers")) {
            if (introductions.size() == MAX_INTRODUCTIONS) {
                break;
            }
            try {
                URI url = URI.create(node.path("url").asText());
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                        || url.toString().length() > PeerEntity.MAX_URL) {
                    throw new PeerRefusedException("not an http(s) address of at most " + PeerEntity.MAX_URL
                            + " characters: " + url);
                }
                introductions.add(new JpaKnownNodes.Introduction(url,
                        NodeFrontDoor.card(url, JSON.writeValueAsBytes(node))));
            } catch (IllegalArgumentException | PeerRefusedException e) {
                bad++;
            }
        }
        return new Introductions(introductions, bad);
    }

    /** @return whether this node takes another node that asks to be its peer (it has fewer than it may) */
    boolean wantsPeers() {
        return choice.takes(peers.list().size());
    }
}
