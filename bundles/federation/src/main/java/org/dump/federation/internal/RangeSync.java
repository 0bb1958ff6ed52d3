package org.dump.federation.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dump.federation.internal.reconcile.Limits;
import org.dump.federation.internal.reconcile.MalformedReconciliation;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.VersionRuns;
import org.dump.node.module.RunningModule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The first half of a catch-up (protocol §7.7): reconciles the versions this node has seen of a module with a
 * peer's, message by message over {@code POST /federation/reconcile}, until both know which versions each lacks.
 * The messages are the reconciliation core's ({@link Reconciliation}); this wraps each in
 * {@code {"module","dataVersion","message":base64}} and unwraps the answer's {@code {"message":base64}}.
 */
final class RangeSync {

    static final String ENDPOINT = "reconcile";
    /** A message is at most {@link Limits#messageBytes} bytes, a third more in base64. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(Limits.DEFAULT.messageBytes() * 2,
            Duration.ofSeconds(30));

    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private RangeSync() {
    }

    /**
     * @param mine the versions this node has seen of {@code module}
     * @throws MalformedReconciliation if the peer's answer breaks the protocol
     * @throws IOException             if the peer did not answer, or refused ({@link PeerRefusal})
     */
    static Reconciliation.Outcome run(CatchUpTransport peer, RunningModule module, VersionRuns mine)
            throws IOException, MalformedReconciliation {
        return Reconciliation.run(mine, Limits.DEFAULT, message -> {
            byte[] answer = PeerClient.await(peer.post(ENDPOINT, request(module, message), ANSWER));
            return messageOf(answer);
        });
    }

    /** @return the body of {@code POST /federation/reconcile} that carries {@code message} */
    static byte[] request(RunningModule module, byte[] message) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("module", module.id());
        body.put("dataVersion", module.dataVersion().toString());
        body.put("message", Base64.getEncoder().encodeToString(message));
        return JSON.writeValueAsBytes(body);
    }

    /** @throws MalformedReconciliation if {@code answer} is not {@code {"message":base64}} */
    private static byte[] messageOf(byte[] answer) throws MalformedReconciliation {
        try {
            JsonNode node = JSON.readTree(answer);
            if (node == null || !node.path("message").isTextual()) {
                throw new MalformedReconciliation("an answer without a message");
            }
            return Base64.getDecoder().decode(node.path("message").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedReconciliation("an answer that is not {\"message\":base64}: " + e.getMessage());
        }
    }
}
