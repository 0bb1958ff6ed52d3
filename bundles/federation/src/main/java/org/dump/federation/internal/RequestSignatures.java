package org.dump.federation.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.dump.crypto.Digests;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;

/**
 * Node-to-node requests signed with HTTP Message Signatures (RFC 9421) and an Ed25519 node key: the signature covers
 * the method, the target URI and the body's SHA-256 (Content-Digest, RFC 9530), and its parameters carry the time of
 * signing, a random nonce and the sending node's id as key id. The receiver reads the signature fields as RFC 8941
 * dictionaries ({@link SignatureInput}), so any RFC 9421 signer that covers and says as much is understood; it
 * checks the digest, the signature against the key it pinned for that node, the time (within {@link #MAX_SKEW},
 * and before {@code expires} if given) and that it has not seen the nonce before ({@link ReplayGuard}).
 */
final class RequestSignatures {

    static final String SIGNATURE_INPUT = "Signature-Input";
    static final String SIGNATURE = "Signature";
    static final String CONTENT_DIGEST = "Content-Digest";
    /** How far the signer's clock may be from ours. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** What this node signs: the components {@link SignatureInput} requires, in this order. */
    private static final String COMPONENTS = "(\"@method\" \"@target-uri\" \"content-digest\")";
    /** Spaces and tabs around a header field's value (RFC 9421 §2.1 takes the value without them). */
    private static final Pattern OUTER_SPACE = Pattern.compile("^[ \t]+|[ \t]+$");
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
        byte[] signature = node.sign(base(SignatureInput.REQUIRED, List.of(method, target.toString(), digest), params));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_DIGEST, digest);
        headers.put(SIGNATURE_INPUT, SignatureInput.LABEL + "=" + params);
        headers.put(SIGNATURE, SignatureInput.LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
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
     * headers are there and in form, the time is within {@link #MAX_SKEW} and before {@code expires}, and the signer
     * has a key here.
     *
     * @param keys the key of a node id, if it may sign here; null to leave the signer for later (a hello)
     */
    Claim precheck(Function<String, String> headers, Function<String, Optional<Ed25519PublicKey>> keys)
            throws Refused {
        SignatureInput input = prechecked(headers, keys);
        return new Claim(input.keyid(), input.nonce(), input.created());
    }

    private SignatureInput prechecked(Function<String, String> headers,
            Function<String, Optional<Ed25519PublicKey>> keys) throws Refused {
        SignatureInput input = input(headers);
        input.signature(headers.apply(SIGNATURE));
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - input.created()) > MAX_SKEW.toSeconds()) {
            throw new Refused("the signature was made at " + input.created() + ", more than " + MAX_SKEW.toMinutes()
                    + " minutes from this node's time " + now);
        }
        if (input.expires().isPresent() && now > input.expires().getAsLong()) {
            throw new Refused("the signature expired at " + input.expires().getAsLong() + ", before this node's time "
                    + now);
        }
        if (keys != null && keys.apply(input.keyid()).isEmpty()) {
            throw new Refused("node " + input.keyid() + " is not a peer of this node");
        }
        return input;
    }

    /**
     * Checks all but the nonce, so that the caller can apply its limits before the nonce is remembered
     * ({@link #remember}): a request refused for its rate then takes no room among the nonces.
     *
     * @return who signed, verified
     */
    Claim check(Function<String, String> headers, String method, URI target, byte[] body,
            Function<String, Optional<Ed25519PublicKey>> keys) throws Refused {
        SignatureInput input = prechecked(headers, null);
        checkDigest(headers.apply(CONTENT_DIGEST), body);
        Ed25519PublicKey key = keys.apply(input.keyid())
                .orElseThrow(() -> new Refused("node " + input.keyid() + " is not a peer of this node"));
        byte[] base = base(input.components(), values(input.components(), method, target, headers), input.params());
        if (!key.verify(base, input.signature(headers.apply(SIGNATURE)))) {
            throw new Refused("the signature does not verify with the key pinned for node " + input.keyid());
        }
        return new Claim(input.keyid(), input.nonce(), input.created());
    }

    /** @throws Refused if the claim's nonce was seen before (a replay), or cannot be remembered now */
    static void remember(Claim claim, ReplayGuard replays) throws Refused {
        switch (replays.check(claim.nodeId(), claim.nonce(), claim.created())) {
            case SEEN -> throw new Refused("node " + claim.nodeId() + " sent nonce " + claim.nonce()
                    + " before: a replay");
            case FULL -> throw new Refused("this node remembers the nonces of as many signed requests as it can ("
                    + replays.limit() + "); node " + claim.nodeId() + " may try again in a few minutes");
            default -> {
            }
        }
    }

    /** @return the signature this node checks; @throws Refused if a header is missing or out of form */
    private static SignatureInput input(Function<String, String> headers) throws Refused {
        if (headers.apply(SIGNATURE_INPUT) == null || headers.apply(SIGNATURE) == null
                || headers.apply(CONTENT_DIGEST) == null) {
            throw new Refused("the request is not signed (Signature-Input, Signature and Content-Digest needed)");
        }
        return SignatureInput.read(headers.apply(SIGNATURE_INPUT));
    }

    /**
     * @return the node id a request claims to be signed by, not yet checked: to know which key to check it with
     *         (a peer's pinned key, or the key a stranger's front door presents); empty if it is not signed so
     */
    static Optional<String> claimedSigner(Function<String, String> headers) {
        String input = headers.apply(SIGNATURE_INPUT);
        try {
            return input == null ? Optional.empty() : Optional.of(SignatureInput.read(input).keyid());
        } catch (Refused refused) {
            return Optional.empty();
        }
    }

    /**
     * Content-Digest is a dictionary of digests (RFC 9530 §2); this node needs {@code sha-256} and, as that section
     * allows, ignores other algorithms.
     */
    private static void checkDigest(String field, byte[] body) throws Refused {
        StructuredFields.Member sha256 = SignatureInput.dictionary(CONTENT_DIGEST, field).get("sha-256");
        if (!(sha256 instanceof StructuredFields.Item item) || !(item.value() instanceof StructuredFields.Bytes d)) {
            throw new Refused("Content-Digest has no sha-256 byte sequence");
        }
        if (!MessageDigest.isEqual(d.value(), Digests.sha256(body))) {
            throw new Refused("the body does not match its Content-Digest");
        }
    }

    /**
     * @return the value of each covered component in the request, in order: a header field's value without its
     *         leading and trailing spaces (RFC 9421 §2.1)
     */
    private static List<String> values(List<String> components, String method, URI target,
            Function<String, String> headers) throws Refused {
        List<String> values = new ArrayList<>();
        for (String component : components) {
            values.add(switch (component) {
                case "@method" -> method;
                case "@target-uri" -> target.toString();
                case "content-digest" -> fieldValue(component, headers.apply(CONTENT_DIGEST));
                default -> fieldValue(component, headers.apply(component));
            });
        }
        return values;
    }

    /** The signature base of RFC 9421 §2.5: a line for each covered component, then {@code @signature-params}. */
    private static byte[] base(List<String> components, List<String> values, String params) {
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < components.size(); i++) {
            base.append('"').append(components.get(i)).append("\": ").append(values.get(i)).append('\n');
        }
        return base.append("\"@signature-params\": ").append(params).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String fieldValue(String name, String value) throws Refused {
        if (value == null) {
            throw new Refused("the signature covers the header " + name + ", which the request does not have");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new Refused("the header " + name + " holds a line break");
        }
        return OUTER_SPACE.matcher(value).replaceAll("");
    }

    static String contentDigest(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(Digests.sha256(body)) + ":";
    }
}
