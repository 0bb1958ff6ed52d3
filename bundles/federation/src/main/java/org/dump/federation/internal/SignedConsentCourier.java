package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.consent.ConsentCourier;
import org.dump.node.consent.ConsentDeliveryException;
import org.dump.node.consent.MessageKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Carries the node's consent messages to peers: each one a POST to the peer's
 * {@code federation/profiles/requests} or {@code …/answers}, signed as this node ({@link RequestSignatures}). Only
 * peers are reached, at the address and with the key pinned for them; the profile in an answer is sealed to that
 * key ({@link SealedProfiles}), so only the peer reads it, whoever carries the request on. An answer of 400, 404,
 * 409 or 413 that the consent endpoint gave (a JSON body) means the peer refused the message itself, for good;
 * anything else (no connection, 401 while the peer does not know this node yet, 5xx, the web server's own 404 while
 * the peer is still starting) is worth another try, which the node's outbox makes.
 */
@Component(service = ConsentCourier.class)
public final class SignedConsentCourier implements ConsentCourier {

    static final String PATH = "federation/profiles/";
    private static final Set<Integer> REFUSED_FOR_GOOD = Set.of(400, 404, 409, 413);
    /** The answer is a status and at most a short message. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(64 * 1024, Duration.ofSeconds(30));
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final PeerDirectory peers;
    private final PeerClient client;

    @Activate
    public SignedConsentCourier(@Reference PeerClient client, @Reference PeerDirectory peers) {
        this.peers = peers;
        this.client = client;
    }

    @Override
    public boolean reaches(String nodeId) {
        return peer(nodeId).isPresent();
    }

    @Override
    public void deliver(String nodeId, MessageKind kind, byte[] body) throws ConsentDeliveryException {
        Peer peer = peer(nodeId).orElseThrow(() -> new ConsentDeliveryException("node " + nodeId
                + " is not a peer of this node (any more)", false));
        URI target = peer.url().resolve(PATH + kind.path());
        byte[] message = kind == MessageKind.ANSWER ? sealed(peer, body) : body;
        HttpResponse<byte[]> response;
        try {
            response = client.send("peer " + nodeId, target, message, ANSWER);
        } catch (IOException e) {
            throw new ConsentDeliveryException("cannot reach " + target + ": " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsentDeliveryException("interrupted", false);
        }
        if (response.statusCode() != 200) {
            boolean fromTheEndpoint = response.headers().firstValue("Content-Type")
                    .filter(type -> type.startsWith("application/json")).isPresent();
            throw new ConsentDeliveryException("HTTP " + response.statusCode() + " from " + target + ": "
                    + messageOf(response.body()), fromTheEndpoint && REFUSED_FOR_GOOD.contains(response.statusCode()));
        }
    }

    /** Sealed anew at each try: each sealing has a fresh ephemeral key, and the outbox keeps the answer as written. */
    private static byte[] sealed(Peer peer, byte[] answer) throws ConsentDeliveryException {
        try {
            return SealedProfiles.seal(answer, peer.nodeId(), Ed25519PublicKey.fromBase64(peer.publicKey()));
        } catch (IllegalArgumentException e) {
            throw new ConsentDeliveryException("cannot seal the answer to node " + peer.nodeId() + ": "
                    + e.getMessage(), true);
        }
    }

    private Optional<Peer> peer(String nodeId) {
        return nodeId == null ? Optional.empty() : peers.find(nodeId).filter(peer -> peer.nodeId().equals(nodeId));
    }

    private static String messageOf(byte[] body) {
        try {
            String message = JSON.readTree(body).path("message").asText("");
            return message.length() > 300 ? message.substring(0, 300) + "…" : message;
        } catch (IOException e) {
            return "(no message)";
        }
    }
}
