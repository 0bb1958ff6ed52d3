package org.dump.federation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.PeerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How a request to {@code /federation/} gets in (protocol §7), each step before anything that costs more: a place
 * among the requests served at once (503 at once, not a wait), the declared length (413), the signature headers (form,
 * time, signer) before a byte of the body is read, the body up to {@link #MAX_BODY_BYTES}, the signature, the
 * signer's rate (429), and only then its nonce ({@link ReplayGuard}), so that a flood refused for its rate takes no
 * room among the nonces. Each step that refuses has answered the request when it returns empty or false.
 */
final class FederationIntake {

    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FederationIntake.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final PeerDirectory peers;
    private final PeerLimits limits;
    private final RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
    private final ReplayGuard replays;

    FederationIntake(PeerDirectory peers, PeerLimits limits) {
        this.peers = peers;
        this.limits = limits;
        this.replays = limits.replayGuard("federation");
    }

    /**
     * @return whether the request has a place among those served at once; if not, it was answered 503 with
     *         {@code Retry-After}, and its body is not read. Else call {@link PeerLimits#leave} after serving it
     */
    boolean enter(HttpServletResponse response) throws IOException {
        if (limits.enter()) {
            return true;
        }
        response.setHeader("Retry-After", "5");
        close(response, 503, new FederationServlet.Message(
                "this node serves as many federation requests as it takes at once; try again later"));
        return false;
    }

    /**
     * Checks the signature headers before the body is read.
     *
     * @param keys   the key of a signer that may send this request; null for a hello, whose signer need not be a
     *               peer (only form and time are checked then)
     * @param refuse the body of a refusal with a message
     * @return whether the request may be read further; if not, it was answered 401 and the connection closes
     */
    boolean headersPass(HttpServletRequest request, HttpServletResponse response,
            Function<String, Optional<Ed25519PublicKey>> keys, Function<String, Object> refuse) throws IOException {
        try {
            signatures.precheck(request::getHeader, keys);
            return true;
        } catch (RequestSignatures.Refused refused) {
            LOG.warn("Federation request from {} refused before its body: {}", request.getRemoteAddr(),
                    refused.getMessage());
            close(response, 401, refuse.apply(refused.getMessage()));
            return false;
        }
    }

    /** @return whether the declared length is at most {@link #MAX_BODY_BYTES}; if not, it was answered 413 */
    boolean declaredLengthFits(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() <= MAX_BODY_BYTES) {
            return true;
        }
        tooLarge(response);
        return false;
    }

    /** @return the body, at most {@link #MAX_BODY_BYTES}; empty if it is larger, and then answered 413 */
    Optional<byte[]> body(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() <= MAX_BODY_BYTES) {
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length <= MAX_BODY_BYTES) {
                return Optional.of(body);
            }
        }
        tooLarge(response);
        return Optional.empty();
    }

    private static void tooLarge(HttpServletResponse response) throws IOException {
        // The rest is not read: the connection ends here, and says so, so that the sender does not send its next
        // request on it and lose that one.
        close(response, 413, new FederationServlet.Message("at most " + MAX_BODY_BYTES + " bytes per request"));
    }

    /**
     * Checks the signature against the signer's pinned key, then its rate, then its nonce.
     *
     * @return the signing peer; empty if refused, and then answered 401 or 429
     */
    Optional<String> signer(HttpServletRequest request, HttpServletResponse response, URI target, byte[] body,
            Function<String, Optional<Ed25519PublicKey>> keys) throws IOException {
        try {
            RequestSignatures.Claim claim = signatures.check(request::getHeader, request.getMethod(), target, body,
                    keys);
            if (tooMuch(claim.nodeId(), body.length, response)) {
                return Optional.empty();
            }
            RequestSignatures.remember(claim, replays);
            return Optional.of(claim.nodeId());
        } catch (RequestSignatures.Refused refused) {
            LOG.warn("Federation request from {} refused: {}", request.getRemoteAddr(), refused.getMessage());
            answer(response, 401, new FederationServlet.Message(refused.getMessage()));
            return Optional.empty();
        }
    }

    /** @return whether {@code sender} is over its limits; then it was answered 429, and it is reported at times */
    private boolean tooMuch(String sender, long bytes, HttpServletResponse response) throws IOException {
        Optional<PeerLimits.Excess> excess = limits.admit(sender, bytes);
        if (excess.isEmpty()) {
            return false;
        }
        if (excess.get().toReport() > 0) {
            LOG.warn("Peer {} sends {}: {} request(s) refused with 429 since the last report", sender,
                    excess.get().reason(), excess.get().toReport());
            peers.misbehaved(sender, excess.get().toReport(), "sent " + excess.get().reason());
        }
        response.setHeader("Retry-After", "1");
        answer(response, 429, new FederationServlet.Message("this peer sends " + excess.get().reason()));
        return true;
    }

    /** Answers and ends the connection, whose request body may not have been read. */
    private static void close(HttpServletResponse response, int status, Object body) throws IOException {
        response.setHeader("Connection", "close");
        answer(response, status, body);
    }

    static void answer(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** Answers with a JSON body already written. */
    static void answerBytes(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(body);
    }

    /** @return the body of a hello's refusal: {"outcome":"refused","message":…} */
    static Object helloRefused(String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("outcome", HelloOutcome.Kind.REFUSED.wire());
        body.put("message", message);
        return body;
    }
}
