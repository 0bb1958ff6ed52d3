package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.FederationProtocol;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.identity.PublicAddress;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
import org.dump.node.record.RecordInventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-to-node endpoints under {@code /federation/} (protocol §7). {@code POST /federation/records}: a peer
 * pushes records. Requests must be signed by a peer ({@link RequestSignatures}), except a hello; a body is read up to
 * {@link #MAX_BODY_BYTES} and no further. Records of modules this node does not run (compatibly) are not taken; the
 * others are taken if they verify against their origin's key, and what is new here goes on to the other peers.
 * Anti-entropy's endpoints are {@link CatchUpEndpoints}', peering's {@link PeerAdmission}'s and module news'
 * {@link ModuleNewsEndpoint}'s. While this node's database is out of disk space, whatever would write is answered
 * {@code 507} with {@code Retry-After} (a request whose database connection was closed under it, {@code 503}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dump-federation")
@HttpWhiteboardServletPattern("/federation/*")
public final class FederationServlet extends HttpServlet {

    static final int MAX_BODY_BYTES = FederationIntake.MAX_BODY_BYTES;
    private static final Set<String> ENDPOINTS = Set.of("/records", "/reconcile", "/versions", "/announce", "/peers",
            "/hello", "/modules");
    private static final long serialVersionUID = 1L;
    /** Insufficient Storage (RFC 4918), which the servlet API names no constant for. */
    static final int INSUFFICIENT_STORAGE = 507;
    private static final Logger LOG = LoggerFactory.getLogger(FederationServlet.class);

    private final transient PeerDirectory peers;
    private final transient RecordReception reception;
    private final transient PeerLimits limits;
    private final transient PeerAdmission admission;
    private final transient ModuleNewsEndpoint moduleNews;
    private final transient FederationIntake intake;
    private final transient CatchUpEndpoints catchUp;
    private final transient AnnounceEndpoint announcements;
    private final transient RecordPush push;
    private final transient PublicAddress publicAddress;

    @Activate
    public FederationServlet(@Reference PeerDirectory peers, @Reference RecordReception reception,
            @Reference RecordInventory inventory, @Reference ModuleRegistry modules, @Reference OriginKeys originKeys,
            @Reference PeerLimits limits, @Reference PeerAdmission admission,
            @Reference ModuleNewsEndpoint moduleNews, @Reference Gossip gossip, @Reference RecordPush push,
            @Reference PublicAddress publicAddress) {
        this.push = push;
        this.publicAddress = publicAddress;
        this.limits = limits;
        this.admission = admission;
        this.moduleNews = moduleNews;
        this.peers = peers;
        this.reception = reception;
        this.intake = new FederationIntake(peers, limits);
        this.catchUp = new CatchUpEndpoints(modules, inventory, originKeys::forRecords, peers, gossip);
        this.announcements = new AnnounceEndpoint(gossip, inventory, modules, peers);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String endpoint = request.getPathInfo();
        if ("/summary".equals(endpoint)) {
            // Protocol 1's anti-entropy: refused before anything else, so that an old node learns why.
            CatchUpEndpoints.Answer refusal = CatchUpEndpoints.summaryOfProtocol1();
            FederationIntake.answerBytes(response, refusal.status(), refusal.body());
            return;
        }
        if (!ENDPOINTS.contains(endpoint)) {
            // Not JSON: senders take a JSON refusal as the endpoint's own, final word, and this one is not (a more
            // specific servlet, such as consent's, may not be up yet).
            response.sendError(404, "no such federation endpoint");
            return;
        }
        if (!intake.enter(response)) {
            return;
        }
        try {
            serve(endpoint, request, response);
        } catch (RuntimeException e) {
            Optional<DatabaseUnavailableException> unavailable = DatabaseUnavailableException.in(e);
            if (unavailable.isEmpty() || response.isCommitted()) {
                throw e;
            }
            refuseForNow(response, unavailable.get());
        } finally {
            limits.leave();
        }
    }

    /**
     * This node's database is out of disk space ({@code 507}), or closed the connection of the work ({@code 503}):
     * the sender takes either as "later", like any 5xx. Nothing of it is the sender's fault: no record is counted
     * refused, the peer is not blamed. The database space has logged what happened, once.
     */
    private static void refuseForNow(HttpServletResponse response, DatabaseUnavailableException unavailable)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
        if (unavailable instanceof StorageFullException) {
            answer(response, INSUFFICIENT_STORAGE, new Message("this node's database is out of disk space; send "
                    + "again later"));
        } else {
            answer(response, 503, new Message("this node's database is not available; send again later"));
        }
    }

    /** Serves a request that has its place among those served at once, in the order of protocol §7. */
    private void serve(String endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean hello = "/hello".equals(endpoint);
        if (!intake.declaredLengthFits(request, response)) {
            return;
        }
        if (!intake.headersPass(request, response, hello ? null : this::pinnedKey,
                hello ? FederationIntake::helloRefused : Message::new)) {
            return;
        }
        Optional<byte[]> read = intake.body(request, response);
        if (read.isEmpty()) {
            return;
        }
        byte[] body = read.get();
        if (hello) {
            PeerAdmission.Answer answer = admission.answer(request::getHeader, request.getMethod(), RelayedTarget.of(request, publicAddress),
                    body, request.getRemoteAddr());
            answer(response, answer.status(), answer.body());
            return;
        }
        if ("/modules".equals(endpoint)) {
            ModuleNewsEndpoint.Answer news = moduleNews.answer(request::getHeader, request.getMethod(),
                    RelayedTarget.of(request, publicAddress), body, request.getRemoteAddr());
            if (news.status() == 429) {
                response.setHeader("Retry-After", "1");
            }
            answer(response, news.status(), news.body());
            return;
        }
        Optional<String> signer = intake.signer(request, response, RelayedTarget.of(request, publicAddress), body, this::pinnedKey);
        if (signer.isEmpty()) {
            return;
        }
        String sender = signer.get();
        push.heardFrom(sender); // it is up: pushes to it need not wait out a backoff
        if ("/reconcile".equals(endpoint)) {
            CatchUpEndpoints.Answer answer = catchUp.reconcile(sender, body);
            FederationIntake.answerBytes(response, answer.status(), answer.body());
            return;
        }
        if ("/versions".equals(endpoint) || "/announce".equals(endpoint)) {
            CatchUpEndpoints.Answer answer = "/versions".equals(endpoint) ? catchUp.versions(sender, body)
                    : announcements.answer(sender, body);
            FederationIntake.answerBytes(response, answer.status(), answer.body());
            return;
        }
        if ("/peers".equals(endpoint)) {
            answerPeers(sender, response);
            return;
        }
        WireRecords.Batch batch;
        try {
            batch = WireRecords.decode(body);
        } catch (IOException malformed) {
            LOG.warn("Peer {} sent a malformed batch: {}", sender, malformed.getMessage());
            peers.misbehaved(sender, 1, "sent a malformed batch: " + malformed.getMessage());
            answer(response, 400, new Message(malformed.getMessage()));
            return;
        }
        answer(response, 200, reception.receive(sender, batch, true));
    }

    /**
     * {@code POST /federation/peers}: peer exchange. The answer is this node's other peers that answered when last
     * contacted, each as its front door describes it, with the address where it answers:
     * {@code {"peers":[{"url","id","publicKey","name","protocol","modules":[{"id","dataVersion"}]}]}}.
     */
    private void answerPeers(String sender, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> introduced = new java.util.ArrayList<>();
        for (Peer peer : peers.list()) {
            if (peer.nodeId().equals(sender) || !peer.reachable() || introduced.size() == PeerExchange.MAX_INTRODUCTIONS) {
                continue;
            }
            Map<String, Object> card = new java.util.LinkedHashMap<>();
            card.put("url", peer.url().toString());
            card.put("id", peer.nodeId());
            card.put("publicKey", peer.publicKey());
            card.put("name", peer.name() == null ? "" : peer.name());
            card.put("protocol", FederationProtocol.VERSION); // a peer of this node speaks what it speaks
            card.put("modules", peer.modules().stream().map(module -> {
                String[] parts = module.split("@", 2);
                return Map.of("id", parts[0], "dataVersion", parts.length > 1 ? parts[1] : "0.0.0");
            }).toList());
            introduced.add(card);
        }
        answer(response, 200, Map.of("peers", introduced));
    }

    private Optional<Ed25519PublicKey> pinnedKey(String nodeId) {
        return peers.find(nodeId).map(Peer::publicKey).map(Ed25519PublicKey::fromBase64);
    }


    private static void answer(HttpServletResponse response, int status, Object body) throws IOException {
        FederationIntake.answer(response, status, body);
    }

    /** An error. */
    record Message(String message) {
    }

}
