package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerOrigin;
import org.dump.federation.PeerRefusedException;
import org.dump.federation.PeerRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code POST /federation/hello} answers, {@code {"url": "<where the sender answers>"}}: a node that took this
 * one as a peer asks to be taken in turn. A peer's hello is checked against its pinned key and answered "already";
 * any other sender is no peer yet, so its key comes from its own front door at the address it names, which must
 * present the very node that signed. Then, while this node has fewer than {@code maxPeers} peers, it is taken
 * ({@code acceptPeers = auto}) or its request kept for an administrator ({@code manual}, {@link JpaPeerRequests}).
 * The answer is {@code {"outcome", "message"}} ({@link HelloOutcome}).
 */
@Component(service = PeerAdmission.class, configurationPid = JpaPeerDirectory.PID)
public final class PeerAdmission {

    /** The settings of {@link FederationConfig} read here. */
    public @interface Config {
        String acceptPeers() default "auto";
    }

    /** What to answer: a status and a JSON body. */
    record Answer(int status, Map<String, String> body) {
    }

    /** What a hello costs of the caller's allowance ({@link PeerLimits}): it makes this node contact an address. */
    static final int HELLO_COST = 10;

    /**
     * What reading a stranger's front door costs of one allowance for the whole node, whoever asks: a flood of
     * hellos from many addresses (50 addresses once made this node fetch 5,438 front doors in 30 s) would else
     * turn it into a port scanner and a reflector. Ten requests' worth: 5 a second, bursts of 10, by default.
     */
    static final int STRANGER_DOOR_COST = 10;

    /** The allowance {@link #STRANGER_DOOR_COST} is taken from; not a node id, so no peer shares it. */
    static final String STRANGER_DOORS = "front doors of nodes that said hello";

    private static final Logger LOG = LoggerFactory.getLogger(PeerAdmission.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final JpaPeerDirectory directory;
    private final JpaPeerRequests requests;
    private final PeerStanding standing;
    private final PeerLimits limits;
    /** Whether this node takes more peers (fewer than maxPeers). */
    private final BooleanSupplier wantsPeers;
    /** What to do with a new peer: catch up with it. */
    private final Consumer<String> newPeer;
    private final RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
    private final ReplayGuard replays;
    private volatile boolean manual;
    /** acceptPeers = none: hellos of nodes that are no peers are refused before anything is read or fetched. */
    private volatile boolean none;

    @Activate
    public PeerAdmission(@Reference JpaPeerDirectory directory, @Reference JpaPeerRequests requests,
            @Reference PeerStanding standing, @Reference PeerLimits limits, @Reference PeerExchange exchange,
            @Reference AntiEntropy antiEntropy, Config config) {
        this(directory, requests, standing, limits, exchange::wantsPeers, antiEntropy::catchUpSoon);
        modified(config);
    }

    PeerAdmission(JpaPeerDirectory directory, JpaPeerRequests requests, PeerStanding standing, PeerLimits limits,
            BooleanSupplier wantsPeers, Consumer<String> newPeer) {
        this.directory = directory;
        this.requests = requests;
        this.standing = standing;
        this.limits = limits;
        this.replays = limits.replayGuard("hello");
        this.wantsPeers = wantsPeers;
        this.newPeer = newPeer;
    }

    @Modified
    void modified(Config config) {
        acceptPeers(config.acceptPeers());
    }

    /**
     * @param mode auto, manual or none; anything else is taken for manual, with a warning (none would silently
     *             refuse nodes the administrator may want)
     */
    void acceptPeers(String mode) {
        String given = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
        if (!given.equals("auto") && !given.equals("manual") && !given.equals("none")) {
            LOG.warn("acceptPeers = '{}' is neither auto, manual nor none: nodes that ask to be peers wait for an "
                    + "administrator (manual)", mode);
        }
        none = given.equals("none");
        manual = !given.equals("auto") && !none;
    }

    /**
     * @param target the request's full URI, as the sender signed it
     * @param remote the caller's address, whose hellos are limited
     */
    Answer answer(Function<String, String> headers, String method, URI target, byte[] body, String remote) {
        if (limits.admit("hello from " + remote, HELLO_COST, body.length).isPresent()) {
            return new Answer(429, said(null, "too many requests from " + remote + "; try again later"));
        }
        Optional<String> claimed = RequestSignatures.claimedSigner(headers);
        if (claimed.isEmpty()) {
            return refused(401, "the hello is not signed (Signature-Input, Signature and Content-Digest needed)");
        }
        String sender = claimed.get();
        Optional<Peer> known = directory.find(sender).filter(peer -> peer.nodeId().equals(sender));
        if (known.isPresent()) {
            Ed25519PublicKey pinned = Ed25519PublicKey.fromBase64(known.get().publicKey());
            Optional<String> refusal = verify(headers, method, target, body, sender, pinned, remote);
            if (refusal.isPresent()) {
                return refused(401, refusal.get());
            }
            standing.welcomed(sender);
            return moved(known.get(), body).orElseGet(() -> new Answer(200, said(HelloOutcome.Kind.ALREADY,
                    "already a peer")));
        }
        if (none) {
            return refused(403, "this node takes no peers on a hello (acceptPeers = none); its administrator adds "
                    + "peers by hand");
        }
        URI url;
        try {
            url = PeerAddresses.baseOf(URI.create(JSON.readTree(body).path("url").asText()));
        } catch (IOException | IllegalArgumentException | PeerRefusedException e) {
            return refused(400, "a hello is {\"url\": \"<where the sender answers>\"}: " + e.getMessage());
        }
        if (!wantsPeers.getAsBoolean()) {
            return refused(409, "this node takes no more peers: it has the most it takes (maxPeers)");
        }
        if (limits.admit(STRANGER_DOORS, STRANGER_DOOR_COST, 0).isPresent()) {
            return new Answer(429, said(null, "this node reads the front doors of nodes that say hello only so "
                    + "often; try again later"));
        }
        NodeCard card;
        try {
            card = directory.card(url);
        } catch (PeerRefusedException e) {
            return refused(400, "the address the hello names does not answer as the node that said it: "
                    + e.getMessage());
        }
        if (!card.id().equals(sender)) {
            return refused(401, "the hello is signed as node " + sender + ", but " + url + " presents node "
                    + card.id());
        }
        Optional<String> refusal = verify(headers, method, target, body, sender,
                Ed25519PublicKey.fromBase64(card.publicKey()), remote);
        if (refusal.isPresent()) {
            return refused(401, refusal.get());
        }
        Optional<PeerRequest> request = requests.find(sender);
        boolean refusedBefore = request.filter(r -> r.state() == PeerRequest.State.REFUSED).isPresent();
        if (manual || refusedBefore) {
            return ask(card, url, request);
        }
        Answer taken = take(sender, url);
        if (taken.status() == 200 && request.isPresent()) {
            requests.remove(sender); // kept while this node took peers by hand
        }
        return taken;
    }

    /**
     * A peer's signed hello that names another address than the one it has here moves it there (it is reached
     * through a relay now, or directly again: protocol §13.7), once that address presents its pinned key.
     *
     * @return the answer if the hello named another address; empty if the same (or none readable)
     */
    private Optional<Answer> moved(Peer peer, byte[] body) {
        URI url;
        try {
            url = PeerAddresses.baseOf(URI.create(JSON.readTree(body).path("url").asText()));
        } catch (IOException | IllegalArgumentException | PeerRefusedException e) {
            return Optional.empty();
        }
        if (url.equals(peer.url())) {
            return Optional.empty();
        }
        try {
            directory.moveAsItSays(peer.nodeId(), url);
            return Optional.of(new Answer(200, said(HelloOutcome.Kind.ALREADY, "already a peer; now at " + url)));
        } catch (PeerRefusedException e) {
            LOG.warn("Peer {} says it is at {} now; not moved: {}", peer.nodeId(), url, e.getMessage());
            return Optional.of(new Answer(200, said(HelloOutcome.Kind.ALREADY, "already a peer, still at "
                    + peer.url() + ": not moved to " + url + ": " + e.getMessage())));
        }
    }

    /** Keeps the hello for an administrator, or answers a refused one so. */
    private Answer ask(NodeCard card, URI url, Optional<PeerRequest> earlier) {
        Optional<PeerRequest> request = requests.hello(card, url);
        if (request.isEmpty()) {
            return refused(409, "too many nodes wait for this node's administrator to take them as peers");
        }
        if (request.get().state() == PeerRequest.State.REFUSED) {
            return refused(403, "this node's administrator refused to take node " + card.id() + " as a peer");
        }
        if (earlier.isEmpty()) {
            LOG.info("Node {} ({}) at {} asks to be taken as a peer: waiting for an administrator "
                    + "(dump:peer-requests, dump:peer-approve, dump:peer-refuse)", card.id(), card.name(), url);
        }
        return new Answer(202, said(HelloOutcome.Kind.PENDING,
                "waits for the approval of this node's administrator, who takes peers by hand"));
    }

    private Answer take(String sender, URI url) {
        if (directory.find(url.toString()).filter(peer -> !peer.nodeId().equals(sender)).isPresent()) {
            // Never touch a peer for what a stranger names: its front door is public and can be copied.
            return refused(409, url + " is the address of another peer of this node");
        }
        Set<String> before = directory.list().stream().map(Peer::nodeId).collect(Collectors.toSet());
        Peer added;
        try {
            added = directory.add(url, PeerOrigin.ASKED);
        } catch (PeerRefusedException e) {
            return refused(409, e.getMessage());
        }
        if (!added.nodeId().equals(sender)) {
            if (!before.contains(added.nodeId())) {
                directory.remove(added.nodeId());
            }
            return refused(409, url + " is another node than the one that said hello");
        }
        standing.welcomed(sender);
        newPeer.accept(sender);
        LOG.info("Node {} at {} said hello and is now a peer", sender, url);
        return new Answer(200, said(HelloOutcome.Kind.TAKEN, "taken as a peer"));
    }

    /** @return why the signature is not accepted, or empty */
    private Optional<String> verify(Function<String, String> headers, String method, URI target, byte[] body,
            String sender, Ed25519PublicKey key, String remote) {
        try {
            signatures.verify(headers, method, target, body,
                    id -> id.equals(sender) ? Optional.of(key) : Optional.empty(), replays);
            return Optional.empty();
        } catch (RequestSignatures.Refused refused) {
            LOG.warn("Hello from {} refused: {}", remote, refused.getMessage());
            return Optional.of(refused.getMessage());
        }
    }

    private static Answer refused(int status, String message) {
        return new Answer(status, said(HelloOutcome.Kind.REFUSED, message));
    }

    private static Map<String, String> said(HelloOutcome.Kind outcome, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        if (outcome != null) {
            body.put("outcome", outcome.wire());
        }
        body.put("message", message);
        return body;
    }
}
