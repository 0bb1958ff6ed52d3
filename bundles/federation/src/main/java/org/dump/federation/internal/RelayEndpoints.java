package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the relay's endpoints do (protocol §13), with no servlet in it: the signed ones, {@code attach},
 * {@code answer} and {@code dial-back}, are read and checked here in the order of §13 (headers, body, signature,
 * nonce) and handed to the {@link RelayHub} or {@link DialBack}; a relayed request keeps only the headers of
 * {@link RelayHeaders#REQUEST}. Nothing here changes the hub before a request has checked out.
 */
final class RelayEndpoints {

    /** The largest answer body a client may send back: 16 MiB. */
    static final int MAX_ANSWER_BODY = 16 * 1024 * 1024;
    /** The largest request body relayed to a client: 8 MiB, as for {@code /federation/*}. */
    static final int MAX_RELAYED_BODY = 8 * 1024 * 1024;
    /** The largest body of an attach or a dial-back. */
    static final int MAX_SMALL_BODY = 64 * 1024;
    /** The largest body of {@code /relay/answer}: a 16 MiB body in base64, and room for the rest. */
    static final int MAX_ANSWER_REQUEST = (MAX_ANSWER_BODY + 2) / 3 * 4 + 64 * 1024;
    /** How long a poll waits if it does not say. */
    static final int DEFAULT_WAIT_SECONDS = 20;

    /** A signed request as received: its method, the target URI rebuilt as §6.4 says, its headers and body. */
    record Signed(String method, URI target, Function<String, String> headers, byte[] body) {
    }

    private final RelayHub hub;
    private final DialBack dialBack;
    private final RequestSignatures signatures;
    private final ReplayGuard replays;

    RelayEndpoints(RelayHub hub, DialBack dialBack, RequestSignatures signatures, ReplayGuard replays) {
        this.hub = hub;
        this.dialBack = dialBack;
        this.signatures = signatures;
        this.replays = replays;
    }

    /**
     * Checks a signed request's headers before its body is read: form and time; for an answer, also that the signer
     * is attached here.
     *
     * @throws RelayRefusal 401; 403 for an attach if this node does not relay; 429 for an answer over the client's rate
     */
    void precheck(String endpoint, Function<String, String> headers) throws RelayRefusal {
        if ("/attach".equals(endpoint) && !hub.offered()) {
            throw new RelayRefusal(403, "this node does not relay");
        }
        try {
            signatures.precheck(headers, "/answer".equals(endpoint) ? hub::key : null);
        } catch (RequestSignatures.Refused refused) {
            throw new RelayRefusal(401, refused.getMessage());
        }
        if ("/answer".equals(endpoint)) {
            // An answer that would be refused for the client's rate is refused before its up to 22 MiB are read.
            hub.precheckAnswer(RequestSignatures.claimedSigner(headers).orElseThrow());
        }
    }

    /**
     * {@code POST /relay/attach}: {@code {"publicKey","wait"}}.
     *
     * @return the requests for the client, when there are some or the wait ends
     * @throws RelayRefusal 400, 401, 403, 429, 503
     */
    CompletableFuture<List<RelayedRequest>> attach(Signed request) throws RelayRefusal {
        JsonNode body = object(request.body());
        Ed25519PublicKey key = key(body);
        JsonNode wait = body.path("wait");
        if (!wait.isMissingNode() && (!wait.canConvertToInt() || !wait.isIntegralNumber() || wait.asInt() < 0)) {
            throw new RelayRefusal(400, "wait must be a whole number of seconds, 0 or more");
        }
        verify(request, key);
        return hub.attach(key, Duration.ofSeconds(wait.asInt(DEFAULT_WAIT_SECONDS)));
    }

    /**
     * {@code POST /relay/answer}: {@code {"id","status","headers","body"}}, signed by the attached client.
     *
     * @return 200 {@code {}}
     * @throws RelayRefusal 400, 401, 404 (no such request waits), 413, 429 (over the client's bytes per second)
     */
    RelayAnswer answer(Signed request) throws RelayRefusal {
        JsonNode body = object(request.body());
        JsonNode id = body.path("id");
        JsonNode status = body.path("status");
        JsonNode headers = body.path("headers");
        JsonNode content = body.path("body");
        if (!id.isTextual() || !status.isIntegralNumber() || status.asInt() < 200 || status.asInt() > 599
                || !(headers.isMissingNode() || headers.isObject())
                || !(content.isMissingNode() || content.isTextual())) {
            throw new RelayRefusal(400,
                    "an answer is {\"id\":text,\"status\":200-599,\"headers\":{…},\"body\":base64}");
        }
        Map<String, String> kept = new TreeMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) headers::fields) {
            if (!field.getValue().isTextual()) {
                throw new RelayRefusal(400, "header " + field.getKey() + " of an answer must be text");
            }
            kept.put(field.getKey(), field.getValue().asText());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(content.asText(""));
        } catch (IllegalArgumentException notBase64) {
            throw new RelayRefusal(400, "the body of an answer must be base64");
        }
        if (bytes.length > MAX_ANSWER_BODY) {
            throw new RelayRefusal(413, "an answer has at most " + MAX_ANSWER_BODY + " bytes of body");
        }
        String signer = claimedSigner(request);
        verify(request, hub.key(signer)
                .orElseThrow(() -> new RelayRefusal(401, "node " + signer + " is not attached to this relay")));
        RelayAnswer answer = new RelayAnswer(status.asInt(), RelayHeaders.keep(RelayHeaders.ANSWER, kept), bytes);
        if (!hub.answer(signer, id.asText(), answer)) {
            throw new RelayRefusal(404, "no request " + id.asText() + " waits for an answer of node " + signer);
        }
        return RelayAnswer.json(200, Map.of());
    }

    /**
     * {@code POST /relay/dial-back}: {@code {"publicKey","url"}}.
     *
     * @return 200 {@code {"reachable","message"}} when the front door at {@code url} has been read
     * @throws RelayRefusal 400, 401, 429
     */
    CompletableFuture<RelayAnswer> dialBack(Signed request) throws RelayRefusal {
        JsonNode body = object(request.body());
        Ed25519PublicKey key = key(body);
        URI url;
        try {
            url = new URI(body.path("url").asText(""));
        } catch (java.net.URISyntaxException malformed) {
            throw new RelayRefusal(400, "url is not a URI: " + malformed.getMessage());
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new RelayRefusal(400, "url must be an absolute http or https base URL, e.g. http://host:8181/");
        }
        verify(request, key);
        return dialBack.check(key.fingerprint(), url);
    }

    /** @throws RelayRefusal as {@link #relay} would for any body, before the body is read: 404, 429, 503 */
    void precheckRelay(String nodeId) throws RelayRefusal {
        hub.precheck(nodeId);
    }

    /**
     * A request for a client, from anyone: passed on with only the headers of {@link RelayHeaders#REQUEST}.
     *
     * @param headerNames the names of the request's headers
     * @param headers     all values of a header, joined with ", "
     * @throws RelayRefusal 404, 429, 503
     */
    CompletableFuture<RelayAnswer> relay(String nodeId, String method, String path, Iterable<String> headerNames,
            Function<String, String> headers, byte[] body) throws RelayRefusal {
        return hub.relay(nodeId, method, path, RelayHeaders.keep(RelayHeaders.REQUEST, headerNames, headers), body);
    }

    /** @throws RelayRefusal if the request is not signed by {@code key}'s node, or is a replay (401) */
    private void verify(Signed request, Ed25519PublicKey key) throws RelayRefusal {
        String signer = claimedSigner(request);
        if (!signer.equals(key.fingerprint())) {
            throw new RelayRefusal(401, "the request is signed as node " + signer + ", but the key it gives is that of"
                    + " node " + key.fingerprint());
        }
        try {
            RequestSignatures.Claim claim = signatures.check(request.headers(), request.method(), request.target(),
                    request.body(), id -> Optional.of(key));
            RequestSignatures.remember(claim, replays);
        } catch (RequestSignatures.Refused refused) {
            throw new RelayRefusal(401, refused.getMessage());
        }
    }

    private static String claimedSigner(Signed request) throws RelayRefusal {
        return RequestSignatures.claimedSigner(request.headers())
                .orElseThrow(() -> new RelayRefusal(401, "the request is not signed in the form this node signs"));
    }

    private static Ed25519PublicKey key(JsonNode body) throws RelayRefusal {
        try {
            return Ed25519PublicKey.fromBase64(body.path("publicKey").asText(""));
        } catch (IllegalArgumentException invalid) {
            throw new RelayRefusal(400, "publicKey must be an Ed25519 public key in base64: " + invalid.getMessage());
        }
    }

    private static JsonNode object(byte[] body) throws RelayRefusal {
        try {
            JsonNode node = FederationJson.MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException malformed) {
            // answered below
        }
        throw new RelayRefusal(400, "the body must be a JSON object");
    }
}
