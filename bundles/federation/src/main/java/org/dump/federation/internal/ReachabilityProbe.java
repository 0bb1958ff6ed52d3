package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.dump.federation.Peer;
import org.dump.node.identity.NodeIdentity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks a peer to dial this node back at its public base URL ({@code POST /relay/dial-back}, protocol §13.6): the
 * only way a node learns whether others can open connections to it.
 */
final class ReachabilityProbe {

    /** The peer reads our front door within 5 s; its answer is a flag and a sentence. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(64 * 1024, Duration.ofSeconds(15));
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    /** What a peer found: whether it reached {@code url}, and what it says. */
    record Verdict(boolean reachable, String message) {
    }

    private final NodeIdentity identity;
    private final PeerClient client;

    ReachabilityProbe(NodeIdentity identity, PeerClient client) {
        this.identity = identity;
        this.client = client;
    }

    /** @return what {@code peer} found at {@code url}; empty if it gave no verdict (unreachable, old, busy) */
    Optional<Verdict> ask(Peer peer, URI url) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("publicKey", identity.publicKey().base64(), "url",
                    url.toString()));
            HttpResponse<byte[]> answer = client.send("peer " + peer.nodeId(), peer.url().resolve("relay/dial-back"),
                    body, ANSWER);
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode verdict = JSON.readTree(answer.body());
            if (verdict == null || !verdict.path("reachable").isBoolean()) {
                return Optional.empty();
            }
            return Optional.of(new Verdict(verdict.path("reachable").asBoolean(),
                    peer.nodeId() + ": " + PeerClient.messageOf(answer.body())));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
