package org.dump.federation.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.crypto.Digests;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;

/**
 * Node-to-node requests signed in the shape of HTTP Message Signatures (RFC 9421) with an Ed25519 node key: the
 * signature covers the method, the target URI and the body's SHA-256 (Content-Digest, RFC 9530), and its parameters
 * carry the time of signing, a random nonce and the sending node's id as key id. The receiver checks the digest,
 * the signature against the key it pinned for that node, the time (within {@link #MAX_SKEW}) and that it has not
 * seen the nonce before ({@link ReplayGuard}).
 */
final class RequestSignatures {

    static final String SIGNATURE_INPUT = "Signature-Input";
    static final String SIGNATURE = "Signature";
    static final String CONTENT_DIGEST = "Content-Digest";
    /** How far the signer's clock may be from ours. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final String LABEL = "dump";
    private static final String COMPONENTS = "(\"@method\" \"@target-uri\" \"content-digest\")";
    private static final Pattern INPUT = Pattern.compile(
            "dump=\\(\"@method\" \"@target-uri\" \"content-digest\"\\);created=(\\d{1,12});keyid=\"([a-z2-7]{1,64})\""
                    + ";nonce=\"([A-Za-z0-9_-]{16,64})\";alg=\"ed25519\"");
    private static final Pattern SIGNATURE_VALUE = Pattern.compile("dump=:([A-Za-z0-9+/]{86}==):");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a request's signature was not accepted. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final Clock clock;

    RequestSignatures(Clock clock) {
        this.clock = clock;
    }

    /** @return the headers that sign a request of {@code node}: Content-Digest, Signature-Input, Signature */
    Map<String, String> sign(NodeIdentity node, String method, URI target, byte[] body) {
        String digest = contentDigest(body);
        byte[] nonceBytes = new byte[18];
        RANDOM.nextBytes(nonceBytes);
        String params = COMPONENTS + ";created=" + clock.instant().getEpochSecond() + ";keyid=\"" + node.id()
                + "\";nonce=\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes)
                + "\";alg=\"ed25519\"";
        byte[] signature = node.sign(base(method, target, digest, params));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_DIGEST, digest);
        headers.put(SIGNATURE_INPUT, LABEL + "=" + params);
        headers.put(SIGNATURE, LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
        return headers;
    }

    /** What a request's signature parameters say: who signed, with which nonce, when (the signer's clock). */
    record Claim(String nodeId, String nonce, long created) {
    }

    /**
     * @param headers the request's headers, by name (any case)
     * @param keys    the pinned key of a node id, if it is a peer
     * @param replays remembers nonces
     * @return the id of the node that signed the request
     * @throws Refused saying why, for the log and the peer's error count
     */
    String verify(Function<String, String> headers, String method, URI target, byte[] body,
            Function<String, Optional<Ed25519PublicKey>> keys, ReplayGuard replays) throws Refused {
        Claim claim = check(headers, method, target, body, keys);
        remember(claim, replays);
        return claim.nodeId();
    }

    /**
     * What can be told before the body is read, so that a request that cannot be accepted costs no reading: the
     * headers are there and in form, the time is within {@link #MAX_SKEW}, and the signer has a key here.
     *
     * @param keys the key of a node id, if it may sign here; null to leave the signer for later (a hello)
     */
    Claim precheck(Function<String, String> headers, Function<String, Optional<Ed25519PublicKey>> keys)
            throws Refused {
        Matcher params = params(headers);
        Claim claim = new Claim(params.group(2), params.group(3), Long.parseLong(params.group(1)));
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - claim.created()) > MAX_SKEW.toSeconds()) {
            throw new Refused("the signature was made at " + claim.created() + ", more than " + MAX_SKEW.toMinutes()
                    + " minutes from this node's time " + now);
        }
        if (keys != null && keys.apply(claim.nodeId()).isEmpty()) {
            throw new Refused("node " + claim.nodeId() + " is not a peer of this node");
        }
        return claim;
    }

    /**
     * Checks all but the nonce, so that the caller can apply its limits before the nonce is remembered
     * ({@link #remember}): a request refused for its rate then takes no room among the nonces.
     *
     * @return who signed, verified
     */
    Claim check(Function<String, String> headers, String method, URI target, byte[] body,
            Function<String, Optional<Ed25519PublicKey>> keys) throws Refused {
        Claim claim = precheck(headers, null);
        String digest = headers.apply(CONTENT_DIGEST).strip();
        if (!contentDigest(body).equals(digest)) {
            throw new Refused("the body does not match its Content-Digest");
        }
        Ed25519PublicKey key = keys.apply(claim.nodeId())
                .orElseThrow(() -> new Refused("node " + claim.nodeId() + " is not a peer of this node"));
        String input = headers.apply(SIGNATURE_INPUT).strip();
        Matcher signature = SIGNATURE_VALUE.matcher(headers.apply(SIGNATURE).strip());
        if (!signature.matches()
                || !key.verify(base(method, target, digest, input.substring(LABEL.length() + 1)),
                        Base64.getDecoder().decode(signature.group(1)))) {
            throw new Refused("the signature does not verify with the key pinned for node " + claim.nodeId());
        }
        return claim;
    }

    /** @throws Refused if the claim's nonce was seen before: a replay */
    static void remember(Claim claim, ReplayGuard replays) throws Refused {
        if (!replays.firstTime(claim.nodeId(), claim.nonce(), claim.created())) {
            throw new Refused("node " + claim.nodeId() + " sent nonce " + claim.nonce() + " before: a replay");
        }
    }

    /** @return the matched Signature-Input; @throws Refused if a header is missing or out of form */
    private static Matcher params(Function<String, String> headers) throws Refused {
        String input = headers.apply(SIGNATURE_INPUT);
        String value = headers.apply(SIGNATURE);
        String digest = headers.apply(CONTENT_DIGEST);
        if (input == null || value == null || digest == null) {
            throw new Refused("the request is not signed (Signature-Input, Signature and Content-Digest needed)");
        }
        Matcher params = INPUT.matcher(input.strip());
        if (!params.matches() || !SIGNATURE_VALUE.matcher(value.strip()).matches()) {
            throw new Refused("the request's signature headers are not in the form this node signs");
        }
        return params;
    }

    /**
     * @return the node id a request claims to be signed by, not yet checked: to know which key to check it with
     *         (a peer's pinned key, or the key a stranger's front door presents); empty if it is not signed so
     */
    static Optional<String> claimedSigner(Function<String, String> headers) {
        String input = headers.apply(SIGNATURE_INPUT);
        Matcher params = input == null ? null : INPUT.matcher(input.strip());
        return params != null && params.matches() ? Optional.of(params.group(2)) : Optional.empty();
    }

    /** The signature base of RFC 9421 section 2.5 for the components this node covers. */
    private static byte[] base(String method, URI target, String digest, String params) {
        return ("\"@method\": " + method.toUpperCase(java.util.Locale.ROOT) + "\n"
                + "\"@target-uri\": " + target + "\n"
                + "\"content-digest\": " + digest + "\n"
                + "\"@signature-params\": " + params).getBytes(StandardCharsets.UTF_8);
    }

    static String contentDigest(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(Digests.sha256(body)) + ":";
    }
}
