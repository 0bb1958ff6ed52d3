package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.junit.Test;

/**
 * Signatures in the forms RFC 9421 allows besides the one this node sends: made here by a signer written for the
 * test (the signature base of RFC 9421 §2.5 spelled out), so that each form, and each refusal, is tried alone.
 */
public class RequestSignatureFormsTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8281/federation/records");
    private static final byte[] BODY = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final List<String> COMPONENTS = List.of("@method", "@target-uri", "content-digest");
    private static final String NONCE = "bm9uY2Ugb2YgdGhlIHRlc3Q";

    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");
    private final Ed25519KeyPair x = Ed25519KeyPair.generate();
    private final Ed25519KeyPair other = Ed25519KeyPair.generate();
    private final String xId = x.publicKey().fingerprint();
    private final RequestSignatures signatures = new RequestSignatures(Clock.fixed(now, ZoneOffset.UTC));
    private final ReplayGuard replays = new ReplayGuard(Clock.fixed(now, ZoneOffset.UTC), 1000);
    private final Function<String, Optional<Ed25519PublicKey>> peers = id -> id.equals(xId)
            ? Optional.of(x.publicKey()) : Optional.empty();
    private final String params = ";created=" + now.getEpochSecond() + ";keyid=\"" + xId + "\";nonce=\"" + NONCE
            + "\";alg=\"ed25519\"";

    @Test
    public void componentsAndParametersInAnyOrderUnderAnyLabel() throws Exception {
        String reordered = ";alg=\"ed25519\";nonce=\"" + NONCE + "\";keyid=\"" + xId + "\";created=" + now.getEpochSecond();
        Map<String, String> headers = request("sig1", List.of("content-digest", "@method", "@target-uri"), reordered);
        assertEquals(Optional.of(xId), RequestSignatures.claimedSigner(headers::get));
        assertEquals(xId, verify(headers));
    }

    @Test
    public void unknownParametersAndAnExpiryYetToComeAreTaken() throws Exception {
        assertEquals(xId, verify(request("dump", COMPONENTS, params + ";tag=\"dump-test\";x-other;n=1.5")));
        assertEquals(xId, verify(request("dump", COMPONENTS, params.replace(NONCE, NONCE + "2")
                + ";expires=" + now.getEpochSecond())));
    }

    @Test
    public void anExpiredSignatureIsRefusedWithItsTime() {
        long expires = now.getEpochSecond() - 1;
        assertRefused("the signature expired at " + expires + ", before this node's time " + now.getEpochSecond(),
                request("dump", COMPONENTS, params + ";expires=" + expires));
    }

    @Test
    public void ofSeveralSignaturesTheOneLabelledDumpOrElseTheFirstIsChecked() throws Exception {
        // "other" is signed with a key that is not X's: it is never the one checked here.
        assertEquals(xId, verify(merged(request("other", COMPONENTS, params, other), request("dump", COMPONENTS,
                params))));
        assertRefused("does not verify", merged(request("dump", COMPONENTS, params, other), request("second",
                COMPONENTS, params)));
        String third = params.replace(NONCE, NONCE + "3");
        assertEquals(xId, verify(merged(request("first", COMPONENTS, third), request("second", COMPONENTS, third,
                other))));
        assertRefused("does not verify", merged(request("first", COMPONENTS, params, other), request("second",
                COMPONENTS, params)));
    }

    @Test
    public void theParametersAreSignedInTheirCanonicalForm() throws Exception {
        Map<String, String> headers = request("dump", COMPONENTS, params + ";flag");
        headers.put("Signature-Input", "  " + headers.get("Signature-Input").replace(";flag", ";flag=?1")
                .replace("(", "(  ").replace("\" \"", "\"   \"")
                .replace(")", " )").replace(";alg=\"ed25519\"", "; alg=\"ed25519\"") + "  ");
        assertEquals(xId, verify(headers));
    }

    @Test
    public void headerFieldsAreCoveredByTheirLowerCaseNames() throws Exception {
        List<String> withType = List.of("@method", "@target-uri", "content-digest", "content-type");
        Map<String, String> headers = request("dump", withType, params, x, Map.of("content-type", "application/json"));
        headers.put("content-type", "  application/json\t");
        assertEquals(xId, verify(headers));
        headers.put("content-type", "text/plain");
        assertRefused("does not verify", headers);
        headers.remove("content-type");
        assertRefused("the signature covers the header content-type, which the request does not have", headers);
        assertRefused("covers \"Content-Type\"", request("dump", List.of("@method", "@target-uri", "content-digest",
                "Content-Type"), params, x, Map.of("Content-Type", "application/json")));
    }

    @Test
    public void contentDigestIsADictionaryWhoseSha256IsChecked() throws Exception {
        String sha512 = "sha-512=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512")
                .digest(BODY)) + ":";
        String both = sha512 + ", " + RequestSignatures.contentDigest(BODY);
        assertEquals(xId, verify(request("dump", COMPONENTS, params, x, Map.of("content-digest", both))));
        assertRefused("Content-Digest has no sha-256 byte sequence", request("dump", COMPONENTS, params, x,
                Map.of("content-digest", sha512)));
        assertRefused("Content-Digest is not an RFC 8941 dictionary", request("dump", COMPONENTS, params, x,
                Map.of("content-digest", "sha-256=" + RequestSignatures.contentDigest(BODY))));
    }

    @Test
    public void whatTheSignatureMustCover() {
        assertRefused("does not cover \"@target-uri\" (it must cover \"@method\", \"@target-uri\" and "
                + "\"content-digest\")", request("dump", List.of("@method", "content-digest"), params));
        assertRefused("does not cover \"content-digest\"", request("dump", List.of("@method", "@target-uri"), params));
        assertRefused("covers \"@authority\": this node takes @method, @target-uri and header fields",
                request("dump", List.of("@method", "@authority", "@target-uri", "content-digest"), params));
        assertRefused("covers \"@signature-params\"", request("dump", List.of("@method", "@target-uri",
                "content-digest", "@signature-params"), params));
        assertRefused("covers \"@method\" twice", request("dump", List.of("@method", "@target-uri", "content-digest",
                "@method"), params));
        assertRefused("covers \"content-digest\";sf: this node takes components as plain strings", input(
                "dump=(\"@method\" \"@target-uri\" \"content-digest\";sf)" + params));
        assertRefused("covers method: this node takes components as plain strings", input(
                "dump=(method \"@method\" \"@target-uri\" \"content-digest\")" + params));
    }

    @Test
    public void whatTheParametersMustSay() {
        String base = "dump=(\"@method\" \"@target-uri\" \"content-digest\")";
        assertRefused("must have alg=\"ed25519\", not none", input(base + params.replace(";alg=\"ed25519\"", "")));
        assertRefused("must have alg=\"ed25519\", not \"rsa-pss-sha512\"", input(base + params.replace("ed25519",
                "rsa-pss-sha512")));
        assertRefused("must have alg=\"ed25519\", not ed25519", input(base + params.replace("\"ed25519\"",
                "ed25519")));
        assertRefused("has no created time", input(base + params.replace(";created=" + now.getEpochSecond(), "")));
        assertRefused("created is not a time in whole seconds", input(base + params.replace(";created=",
                ";created=-")));
        assertRefused("created is not a time in whole seconds", input(base + params.replace(";created=" + now
                .getEpochSecond(), ";created=\"" + now.getEpochSecond() + "\"")));
        assertRefused("expires is not a time in whole seconds", input(base + params + ";expires=1.5"));
        assertRefused("needs a keyid string of a node id", input(base + params.replace(xId, "NotANodeId")));
        assertRefused("needs a keyid string of a node id", input(base + params.replace(";keyid=\"" + xId + "\"", "")));
        assertRefused("needs a nonce string of 16 to 64", input(base + params.replace(NONCE, "short")));
        assertRefused("needs a nonce string of 16 to 64", input(base + params.replace(NONCE, "has a space in it, see")));
        assertRefused("needs a nonce string of 16 to 64", input(base + params.replace(NONCE, "x".repeat(65))));
    }

    @Test
    public void malformedOrOversizedFieldsAreRefusedWithTheParsersReason() {
        assertRefused("the request is not signed (Signature-Input, Signature and Content-Digest needed)", Map.of(
                "Signature-Input", "dump=(\"@method\")" + params));
        assertRefused("Signature-Input is not an RFC 8941 dictionary: a ',' with no member after it", input(
                "dump=(\"@method\" \"@target-uri\" \"content-digest\")" + params + ","));
        assertRefused("Signature-Input is not an RFC 8941 dictionary: longer than 4096 characters", input(
                "dump=(\"@method\" \"@target-uri\" \"content-digest\")" + params + ";tag=\"" + "x".repeat(4096) + "\""));
        assertRefused("more than 8 members", input("a, b, c, d, e, f, g, h, dump=(\"@method\" \"@target-uri\" "
                + "\"content-digest\")" + params));
        assertRefused("Signature-Input names no signature", input(""));
        assertRefused("Signature-Input's member dump is not an inner list", input("dump=\"@method\"" + params));

        Map<String, String> headers = request("dump", COMPONENTS, params);
        headers.put("Signature", headers.get("Signature").replace("dump=", "sig1="));
        assertRefused("Signature has no member dump for Signature-Input's dump", headers);
        headers.put("Signature", "dump=\"" + "A".repeat(86) + "==\"");
        assertRefused("Signature's member dump is not a byte sequence", headers);
        headers.put("Signature", "dump=(:" + "A".repeat(86) + "==:)");
        assertRefused("Signature's member dump is not a byte sequence", headers);
        headers.put("Signature", "dump=:" + "A".repeat(88) + ":");
        assertRefused("Signature's member dump has 66 bytes, not the 64 of an Ed25519 signature", headers);
    }

    /** @return the headers of a request to TARGET with BODY, signed by X under {@code label} */
    private Map<String, String> request(String label, List<String> components, String parameters) {
        return request(label, components, parameters, x);
    }

    private Map<String, String> request(String label, List<String> components, String parameters,
            Ed25519KeyPair key) {
        return request(label, components, parameters, key, Map.of());
    }

    /** The signer of the test: RFC 9421 §2.5 written out, the parameters signed as given (they are canonical). */
    private Map<String, String> request(String label, List<String> components, String parameters, Ed25519KeyPair key,
            Map<String, String> extra) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Digest", RequestSignatures.contentDigest(BODY));
        headers.putAll(extra);
        String inner = components.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(" ", "(", ")"))
                + parameters;
        List<String> lines = new ArrayList<>();
        for (String component : components) {
            lines.add("\"" + component + "\": " + switch (component) {
                case "@method" -> "POST";
                case "@target-uri" -> TARGET.toString();
                default -> headers.get(component);
            });
        }
        lines.add("\"@signature-params\": " + inner);
        byte[] signature = key.sign(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        headers.put("Signature-Input", label + "=" + inner);
        headers.put("Signature", label + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
        return headers;
    }

    /** @return a request of X with this Signature-Input (and a Signature of the right shape) */
    private Map<String, String> input(String field) {
        Map<String, String> headers = request("dump", COMPONENTS, params);
        headers.put("Signature-Input", field);
        return headers;
    }

    /** @return the two requests' signatures in one Signature-Input and one Signature, the first's first */
    private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(first);
        headers.put("Signature-Input", first.get("Signature-Input") + ", " + second.get("Signature-Input"));
        headers.put("Signature", first.get("Signature") + ", " + second.get("Signature"));
        return headers;
    }

    private String verify(Map<String, String> headers) throws RequestSignatures.Refused {
        Map<String, String> any = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        any.putAll(headers);
        return signatures.verify(any::get, "POST", TARGET, BODY, peers, replays);
    }

    private void assertRefused(String why, Map<String, String> headers) {
        RequestSignatures.Refused refused = assertThrows(RequestSignatures.Refused.class, () -> verify(headers));
        assertTrue(refused.getMessage(), refused.getMessage().contains(why));
    }
}
