package org.dump.federation.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.SealedBox;
import org.dump.crypto.SealedBoxException;
import org.dump.node.identity.NodeIdentity;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The profile in a consent answer travels sealed to the receiving node (protocol 4, docs/protocol.md §7.5), so
 * that a relay, a proxy or anyone else who carries the answer cannot read it. The node bundle writes and reads
 * answers with a plain {@code profile}; federation seals it on the way out ({@link #seal}) and opens it on the way in
 * ({@link #open}), so the node's consent code knows nothing of it.
 * <p>
 * On the wire, {@code "profile":{…}} becomes {@code "sealedProfile":"<base64>"}: the UTF-8 JSON of the profile
 * object, sealed ({@link SealedBox}, purpose {@value #PURPOSE}) to the receiving node's pinned key, with the aad
 * {@code requestId + "\n" + version + "\n" + receiving node id}, so that a sealed profile opens only in the answer,
 * the version of it and at the node it was sealed for.
 */
final class SealedProfiles {

    /** The purpose the profile is sealed for: HPKE's info is {@code "DUMP sealed box: profile answer"}. */
    static final String PURPOSE = "profile answer";
    static final String PLAIN = "profile";
    static final String SEALED = "sealedProfile";

    // Strict, so that what the node reads after opening is exactly what was checked here.
    private static final ObjectReader STRICT = FederationJson.MAPPER.readerFor(JsonNode.class)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    /** An answer that cannot be handed to the node; the message is for the sender and names no profile value. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private SealedProfiles() {
    }

    /**
     * @param answer     an answer as the node wrote it
     * @param receiverId the node it goes to
     * @param receiver   that node's pinned key
     * @return the answer with its {@code profile} sealed, or {@code answer} itself if it carries no profile (a
     *         refusal or revocation)
     * @throws IllegalArgumentException if the answer carries a profile but no request id or version to bind it to
     */
    static byte[] seal(byte[] answer, String receiverId, Ed25519PublicKey receiver) {
        ObjectNode message = parse(answer).orElse(null);
        if (message == null || !message.has(PLAIN)) {
            return answer;
        }
        String requestId = requestId(message);
        Long version = version(message);
        if (requestId == null || version == null) {
            throw new IllegalArgumentException("an answer with a profile needs a requestId and a version to seal it");
        }
        byte[] profile = write(message.remove(PLAIN));
        byte[] sealed = SealedBox.seal(receiver, PURPOSE, profile, aad(requestId, version, receiverId));
        message.put(SEALED, Base64.getEncoder().encodeToString(sealed));
        return write(message);
    }

    /**
     * @param answer what a peer sent to {@code self}
     * @return the answer as the node reads it: with the opened {@code profile} in place of {@code sealedProfile};
     *         {@code answer} itself if it carries neither (a refusal or revocation)
     * @throws Refused if it is not a JSON object, carries a plain profile, or its sealed profile does not open
     */
    static byte[] open(byte[] answer, NodeIdentity self) throws Refused {
        ObjectNode message = parse(answer)
                .orElseThrow(() -> new Refused("not a consent answer: the body is not one JSON object"));
        if (message.has(PLAIN)) {
            throw new Refused("profiles must be sealed to the receiving node (" + SEALED + ", protocol 4): an "
                    + "answer with a plain profile is refused");
        }
        if (!message.has(SEALED)) {
            return answer;
        }
        String requestId = requestId(message);
        Long version = version(message);
        if (requestId == null || version == null) {
            throw new Refused(SEALED + " needs the answer's requestId (a string) and version (an integer)");
        }
        JsonNode sealedText = message.remove(SEALED);
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(sealedText.isTextual() ? sealedText.textValue() : "?");
        } catch (IllegalArgumentException e) {
            throw new Refused(SEALED + " is not a base64 string");
        }
        byte[] profile;
        try {
            profile = self.open(PURPOSE, sealed, aad(requestId, version, self.id()));
        } catch (SealedBoxException e) {
            throw new Refused(SEALED + " does not open at node " + self.id() + " for request " + requestId
                    + " version " + version + ": " + e.getMessage());
        }
        try {
            message.set(PLAIN, STRICT.readTree(profile));
        } catch (IOException e) {
            throw new Refused(SEALED + " opens, but what it holds is not JSON");
        }
        return write(message);
    }

    /** The aad: UTF-8 of {@code requestId "\n" version "\n" receiverId}, the version in decimal. */
    static byte[] aad(String requestId, long version, String receiverId) {
        return (requestId + "\n" + version + "\n" + receiverId).getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<ObjectNode> parse(byte[] body) {
        try {
            JsonNode tree = STRICT.readTree(body);
            return tree instanceof ObjectNode ? Optional.of((ObjectNode) tree) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String requestId(ObjectNode message) {
        JsonNode requestId = message.get("requestId");
        return requestId != null && requestId.isTextual() ? requestId.textValue() : null;
    }

    private static Long version(ObjectNode message) {
        JsonNode version = message.get("version");
        return version != null && version.isIntegralNumber() && version.canConvertToLong() ? version.longValue()
                : null;
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that was just read is written back", e);
        }
    }
}
