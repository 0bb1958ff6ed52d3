package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.dump.federation.PeerAddition;
import org.dump.federation.PeerRefusedException;
import org.dump.federation.PeerRequest;
import org.dump.federation.Peering;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * This node's side of peering: whoever adds a peer (an administrator, {@code seedPeers}, peer exchange, an approved
 * request) asks it to take this node in turn with a signed hello ({@code POST /federation/hello},
 * {@code {"url": "<where this node is reached>"}}: its publicBaseUrl, or its address at a relay), and a peer
 * that has not (yet) is asked again now and then, as {@link PeerStanding} schedules, so that records flow as soon
 * as it does, with nothing to do on this side.
 */
@Component(service = {Peering.class, MutualPeering.class}, immediate = true, configurationPid = JpaPeerDirectory.PID)
public final class MutualPeering implements Peering {

    /** The settings of {@link FederationConfig} read here. */
    public @interface Config {
        String[] seedPeers() default {};
    }

    static final String PATH = "federation/hello";
    /** Longer than the other node's reading of this node's front door, which the hello makes it do. */
    /** A hello's answer is an outcome and a short message. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(64 * 1024, Duration.ofSeconds(30));
    private static final Duration RETRY_CHECK = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(MutualPeering.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final JpaPeerDirectory directory;
    private final JpaPeerRequests requests;
    private final PeerStanding standing;
    private final PeerClient client;
    /** Where this node answers, as its hellos say. */
    private final Supplier<URI> address;
    /** What to do with a peer that now takes this node: catch up with it. */
    private final Consumer<String> nowMutual;
    private final Rounds rounds;

    @Activate
    public MutualPeering(@Reference JpaPeerDirectory directory, @Reference JpaPeerRequests requests,
            @Reference PeerStanding standing, @Reference PeerClient client, @Reference AdvertisedAddress address,
            @Reference AntiEntropy antiEntropy, Config config) {
        this(directory, requests, standing, client, address::current, antiEntropy::catchUpSoon, RETRY_CHECK);
        seed(config);
    }

    /** @param retryCheck how often to look for peers whose next hello is due */
    MutualPeering(JpaPeerDirectory directory, JpaPeerRequests requests, PeerStanding standing, PeerClient client,
            Supplier<URI> address, Consumer<String> nowMutual, Duration retryCheck) {
        this.directory = directory;
        this.requests = requests;
        this.standing = standing;
        this.client = client;
        this.address = address;
        this.nowMutual = nowMutual;
        this.rounds = new Rounds("dump-peer-hello", this::askAgain, retryCheck, retryCheck);
    }

    /** New seeds are added at once; the others are asked again, which costs each one hello. */
    @Modified
    void modified(Config config) {
        seed(config);
    }

    @Deactivate
    void stop() {
        rounds.close();
    }

    @Override
    public PeerAddition add(URI url) {
        Peer peer = directory.addOrMove(url);
        requests.remove(peer.nodeId()); // adding a node that asked to be a peer approves its request
        return greet(peer);
    }

    @Override
    public List<PeerRequest> requests() {
        return requests.list();
    }

    @Override
    public PeerAddition approve(String nodeIdOrUrl) {
        PeerRequest request = requests.find(nodeIdOrUrl.strip()).orElseThrow(() -> new IllegalArgumentException(
                "no request of a node " + nodeIdOrUrl + " to be a peer (dump:peer-requests lists them)"));
        NodeCard card = directory.card(request.url());
        if (!card.id().equals(request.nodeId())) {
            throw new PeerRefusedException(request.url() + " now presents node " + card.id() + ", not node "
                    + request.nodeId() + " that asked: not taken");
        }
        Peer peer = directory.add(request.url());
        requests.remove(request.nodeId());
        LOG.info("Request of node {} ({}) at {} approved: it is a peer now", peer.nodeId(), peer.name(), peer.url());
        return greet(peer);
    }

    @Override
    public PeerRequest refuse(String nodeIdOrUrl) {
        PeerRequest refused = requests.refuse(nodeIdOrUrl.strip()).orElseThrow(() -> new IllegalArgumentException(
                "no request of a node " + nodeIdOrUrl + " to be a peer (dump:peer-requests lists them)"));
        LOG.info("Request of node {} ({}) at {} refused: its hellos are answered so until it is approved",
                refused.nodeId(), refused.name(), refused.url());
        return refused;
    }

    /** Asks {@code peer} to take this node as its peer, and notes its answer. */
    PeerAddition greet(Peer peer) {
        return noted(peer, hello(peer));
    }

    /** Notes what {@code peer} answered to a hello ({@link #hello}), as {@link #greet} does. */
    PeerAddition noted(Peer peer, HelloOutcome outcome) {
        Mutuality before = standing.of(peer.nodeId());
        standing.answered(peer.nodeId(), outcome);
        if (outcome.mutuality() == Mutuality.MUTUAL && before != Mutuality.MUTUAL) {
            nowMutual.accept(peer.nodeId());
        }
        Peer now = directory.find(peer.nodeId()).filter(p -> p.nodeId().equals(peer.nodeId())).orElse(peer);
        return new PeerAddition(now, outcome.mutuality(), outcome.message());
    }

    /** @return what {@code peer} answers to a hello; nothing is noted */
    HelloOutcome hello(Peer peer) {
        URI target = peer.url().resolve(PATH);
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("url", address.get().toString()));
            HttpResponse<byte[]> answer = client.send("peer " + peer.nodeId(), target, body, ANSWER);
            return HelloOutcome.of(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null),
                    answer.body());
        } catch (IOException e) {
            return HelloOutcome.unanswered("cannot reach " + target + ": " + ContactFailure.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HelloOutcome.unanswered("interrupted");
        }
    }

    /** Says hello to every peer soon: this node is reached at another address now ({@link AdvertisedAddress}). */
    void greetAll() {
        rounds.soon("greet all", () -> directory.list().forEach(this::greet));
    }

    /** Says hello again to the peers whose turn it is. */
    void askAgain() {
        for (String nodeId : standing.helloDue()) {
            directory.find(nodeId).filter(peer -> peer.nodeId().equals(nodeId))
                    .ifPresentOrElse(this::greet, () -> standing.forget(nodeId));
        }
    }

    private void seed(Config config) {
        for (String seed : config.seedPeers()) {
            if (!seed.isBlank()) {
                rounds.soon("seed " + seed.strip(), () -> addSeed(seed.strip()));
            }
        }
    }

    private void addSeed(String seed) {
        try {
            PeerAddition added = add(URI.create(seed));
            LOG.info("Seed peer {} is node {}; {}", seed, added.peer().nodeId(), says(added));
        } catch (RuntimeException e) {
            LOG.warn("Seed peer {} not added: {}", seed, e.getMessage());
        }
    }

    /** @return what an addition's answer says, in words for the log and the shell */
    static String says(PeerAddition added) {
        String said = added.note() == null || added.note().isBlank() ? "" : " (it said: " + added.note() + ")";
        return switch (added.mutuality()) {
            case MUTUAL -> "it takes this node as its peer in turn" + said;
            case PENDING -> "it keeps this node's request for its administrator's approval" + said;
            case ONE_SIDED -> "it does NOT take this node as its peer: " + added.note();
            case UNKNOWN -> "it could not be asked to take this node as its peer: " + added.note();
        };
    }
}
