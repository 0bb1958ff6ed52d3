package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Both directions with an RFC 9421 implementation that is not ours, the npm package http-message-signatures
 * ({@link Rfc9421Library}): requests it signs, in DUMP's form and in the other forms the RFC allows, get this node's
 * verdicts; requests this node signs verify with it.
 */
public class RequestSignaturesInteropTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8281/federation/records");
    private static final String BODY = "{\"records\":[]}";
    private static final List<String> DUMP_FIELDS = List.of("@method", "@target-uri", "content-digest");
    private static final List<String> DUMP_PARAMS = List.of("created", "keyid", "nonce", "alg");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");

    @BeforeClass
    public static void installTheLibrary() throws Exception {
        Rfc9421Library.install();
    }

    /** A signature for the library to make: under a label, over fields, with parameters in this order. */
    private record Spec(String label, List<String> fields, List<String> params, Map<String, Object> values,
            boolean foreign) {
    }

    /** A request for the library to sign, and this node's verdict on it: null for accepted, else the reason. */
    private record Case(String name, String refusal, List<Spec> signatures) {
    }

    @Test
    public void requestsSignedByTheLibraryGetThisNodesVerdicts() throws Exception {
        KeyPair signer = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = signer.getPublic().getEncoded();
        Ed25519PublicKey publicKey = Ed25519PublicKey.fromRaw(Arrays.copyOfRange(spki, spki.length - 32,
                spki.length));
        String id = publicKey.fingerprint();
        long t = now.getEpochSecond();
        List<Case> cases = List.of(
                new Case("DUMP's order", null, List.of(spec("dump", DUMP_FIELDS, DUMP_PARAMS, id, Map.of()))),
                new Case("another order", null, List.of(spec("dump", List.of("content-digest", "@method",
                        "@target-uri"), List.of("alg", "nonce", "keyid", "created"), id, Map.of()))),
                new Case("expires ahead", null, List.of(spec("dump", DUMP_FIELDS, List.of("created", "expires",
                        "keyid", "nonce", "alg"), id, Map.of("expires", t + 60)))),
                new Case("expires past", "the signature expired at " + (t - 60), List.of(spec("dump", DUMP_FIELDS,
                        List.of("created", "expires", "keyid", "nonce", "alg"), id, Map.of("created", t - 120,
                                "expires", t - 60)))),
                new Case("another label", null, List.of(spec("sig1", DUMP_FIELDS, DUMP_PARAMS, id, Map.of()))),
                new Case("a tag", null, List.of(spec("dump", DUMP_FIELDS, List.of("created", "keyid", "nonce", "alg",
                        "tag"), id, Map.of("tag", "dump-interop")))),
                new Case("a header field covered too", null, List.of(spec("sig", List.of("@method", "content-type",
                        "@target-uri", "content-digest"), DUMP_PARAMS, id, Map.of()))),
                new Case("two signatures, DUMP's second", null, List.of(foreign("sig1", id), spec("dump", DUMP_FIELDS,
                        DUMP_PARAMS, id, Map.of()))),
                new Case("two signatures, DUMP's first", null, List.of(spec("dump", DUMP_FIELDS, DUMP_PARAMS, id,
                        Map.of()), foreign("sig2", id))),
                new Case("two signatures, none DUMP's: the first is checked", null, List.of(spec("sig1", DUMP_FIELDS,
                        DUMP_PARAMS, id, Map.of()), foreign("sig2", id))),
                new Case("two signatures, none DUMP's, the first by another key", "does not verify", List.of(
                        foreign("sig1", id), spec("sig2", DUMP_FIELDS, DUMP_PARAMS, id, Map.of()))),
                new Case("signed by another key", "does not verify", List.of(foreign("dump", id))),
                new Case("no alg", "must have alg=\"ed25519\", not none", List.of(spec("dump", DUMP_FIELDS,
                        List.of("created", "keyid", "nonce"), id, Map.of()))),
                new Case("no nonce", "needs a nonce string", List.of(spec("dump", DUMP_FIELDS, List.of("created",
                        "keyid", "alg"), id, Map.of()))),
                new Case("@authority covered", "covers \"@authority\"", List.of(spec("dump", List.of("@method",
                        "@authority", "@target-uri", "content-digest"), DUMP_PARAMS, id, Map.of()))),
                new Case("no @target-uri", "does not cover \"@target-uri\"", List.of(spec("dump", List.of("@method",
                        "content-digest"), DUMP_PARAMS, id, Map.of()))));

        ObjectNode job = job(signer.getPrivate().getEncoded(), null, null);
        ArrayNode requests = job.putArray("sign");
        for (Case c : cases) {
            ObjectNode request = requests.addObject().put("method", "POST").put("url", TARGET.toString())
                    .put("body", BODY);
            request.set("signatures", JSON.valueToTree(c.signatures()));
        }
        JsonNode signed = Rfc9421Library.run(job).get("signed");

        RequestSignatures signatures = new RequestSignatures(Clock.fixed(now, ZoneOffset.UTC));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            signed.get(i).fields().forEachRemaining(field -> headers.put(field.getKey(), field.getValue().asText()));
            String refusal = verdict(signatures, headers, id, publicKey);
            if (c.refusal() == null) {
                assertNull(c.name() + ": " + headers, refusal);
            } else {
                assertTrue(c.name() + ": refused with \"" + refusal + "\", not \"" + c.refusal() + "\"",
                        refusal != null && refusal.contains(c.refusal()));
            }
            if (i == 0) { // the library writes DUMP's form as this node does
                assertTrue(headers.get("Signature-Input"), headers.get("Signature-Input").matches(
                        "dump=\\(\"@method\" \"@target-uri\" \"content-digest\"\\);created=" + t + ";keyid=\"" + id
                                + "\";nonce=\"[A-Za-z0-9_-]+\";alg=\"ed25519\""));
                assertEquals(RequestSignatures.contentDigest(BODY.getBytes(StandardCharsets.UTF_8)),
                        headers.get("Content-Digest"));
            }
        }
    }

    @Test
    public void requestsSignedByThisNodeVerifyWithTheLibrary() throws Exception {
        Ed25519KeyPair x = Ed25519KeyPair.generate();
        Map<String, String> headers = new RequestSignatures(Clock.systemUTC()).sign(new TestNodeIdentity(x), "POST",
                TARGET, BODY.getBytes(StandardCharsets.UTF_8));
        ObjectNode job = job(null, x.publicKey(), x.publicKey().fingerprint());
        ArrayNode requests = job.putArray("verify");
        requests.addObject().put("method", "POST").put("url", TARGET.toString()).set("headers",
                JSON.valueToTree(headers));
        requests.addObject().put("method", "PUT").put("url", TARGET.toString()).set("headers",
                JSON.valueToTree(headers));
        requests.addObject().put("method", "POST").put("url", TARGET.resolve("/federation/peers").toString())
                .set("headers", JSON.valueToTree(headers));
        JsonNode verified = Rfc9421Library.run(job).get("verified");
        assertEquals(JSON.readTree("[true, false, false]"), verified);
    }

    /** @return this node's verdict: null if accepted, else why it refused */
    private String verdict(RequestSignatures signatures, Map<String, String> headers, String id,
            Ed25519PublicKey key) {
        ReplayGuard replays = new ReplayGuard(Clock.fixed(now, ZoneOffset.UTC), 10);
        try {
            String signer = signatures.verify(headers::get, "POST", TARGET, BODY.getBytes(StandardCharsets.UTF_8),
                    nodeId -> nodeId.equals(id) ? Optional.of(key) : Optional.empty(), replays);
            assertEquals(id, signer);
            assertEquals(Optional.of(id), RequestSignatures.claimedSigner(headers::get));
            return null;
        } catch (RequestSignatures.Refused refused) {
            return refused.getMessage();
        }
    }

    private Spec spec(String label, List<String> fields, List<String> params, String id, Map<String, Object> more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("created", now.getEpochSecond());
        values.put("keyid", id);
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        values.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        values.put("alg", "ed25519");
        values.putAll(more);
        return new Spec(label, fields, params, values, false);
    }

    /** A signature made with a key of the script's own, claiming to be {@code id}'s. */
    private Spec foreign(String label, String id) {
        Spec spec = spec(label, DUMP_FIELDS, DUMP_PARAMS, id, Map.of());
        return new Spec(spec.label(), spec.fields(), spec.params(), spec.values(), true);
    }

    private static ObjectNode job(byte[] pkcs8, Ed25519PublicKey publicKey, String keyid) {
        ObjectNode job = JSON.createObjectNode();
        if (pkcs8 != null) {
            job.put("privateKey", Base64.getEncoder().encodeToString(pkcs8));
        }
        if (publicKey != null) {
            job.put("publicKey", Base64.getEncoder().encodeToString(publicKey.raw())).put("keyid", keyid);
        }
        return job;
    }
}
