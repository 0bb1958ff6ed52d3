package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dump.crypto.Digests;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the check of a signed request's headers ({@code Signature-Input}, {@code Signature}, {@code Content-Digest})
 * and body, {@link RequestSignatures#verify} and its {@code precheck} and {@code claimedSigner} (Jazzer; issue 27).
 * An input is a request as text: {@code METHOD URI}, header lines, an empty line, the body. A few requests are
 * signed here with a fixed key and clock; the seeds are those requests as text (RequestSignaturesFuzzTestInputs/),
 * which the fuzzer mutates. For every input: accepted or {@code RequestSignatures.Refused}, no other exception;
 * accepted only if what the signature covers (the signature base, rebuilt here) is exactly one this key signed and
 * the body is the one its Content-Digest names; a request exactly as signed is accepted; precheck and claimedSigner
 * agree with verify; each input done within a second.
 */
public class RequestSignaturesFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final URI TARGET = URI.create("http://127.0.0.1:8281/federation/records");
    private static final NodeIdentity SIGNER = FuzzSupport.fixedNode(1);
    private static final NodeIdentity OTHER = FuzzSupport.fixedNode(2);
    private static final RequestSignatures SIGNATURES = new RequestSignatures(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final Function<String, Optional<Ed25519PublicKey>> KEYS = id -> id.equals(SIGNER.id())
            ? Optional.of(SIGNER.publicKey()) : Optional.empty();
    private static final List<String> COMPONENTS = List.of("@method", "@target-uri", "content-digest");
    /** The signature bases SIGNER signed. */
    private static final Set<String> SIGNED_BASES = new HashSet<>();
    /** The signed requests as text: the seeds. */
    static final Map<String, String> SIGNED = new LinkedHashMap<>();

    static {
        String params = ";created=" + NOW.getEpochSecond() + ";keyid=\"" + SIGNER.id() + "\";nonce=\"";
        byte[] records = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
        SIGNED.put("as-this-node-signs", request("POST", TARGET, Map.of(), records, "dump", COMPONENTS,
                params + "bm9uY2Ugb2YgdGhlIGZ1eno\";alg=\"ed25519\"", SIGNER));
        String other = request("POST", TARGET, Map.of(), records, "other", COMPONENTS, params
                + "b3RoZXIgc2lnbmF0dXJlIQ\";alg=\"ed25519\"", OTHER);
        byte[] hello = "{\"url\":\"http://127.0.0.1:8282/\"}".getBytes(StandardCharsets.UTF_8);
        String sha512 = "sha-512=:" + Base64.getEncoder().encodeToString(sha512(hello)) + ":, ";
        SIGNED.put("any-order-more-headers", request("POST", URI.create("https://node.example/federation/hello?x=1"),
                Map.of("content-type", "application/json", "content-digest", sha512
                        + RequestSignatures.contentDigest(hello)), hello, "sig1",
                List.of("content-type", "content-digest", "@target-uri", "@method"), ";alg=\"ed25519\";expires="
                        + (NOW.getEpochSecond() + 60) + ";nonce=\"YW5vdGhlciBub25jZSBoZXJl\";keyid=\"" + SIGNER.id()
                        + "\";created=" + (NOW.getEpochSecond() - 30) + ";tag=\"t\"", SIGNER));
        SIGNED.put("empty-body", request("POST", TARGET, Map.of(), new byte[0], "dump", COMPONENTS, params
                + "ZW1wdHkgYm9keSBub25jZQ\";alg=\"ed25519\"", SIGNER));
        // Two signatures, the other node's first: the one labelled dump is checked.
        String first = SIGNED.get("as-this-node-signs");
        SIGNED.put("two-signatures", first.replace("Signature-Input: ", "Signature-Input: " + line(other,
                "Signature-Input") + ", ").replace("Signature: ", "Signature: " + line(other, "Signature") + ", "));
        try {
            run(first.getBytes(StandardCharsets.ISO_8859_1)); // the first check loads much: not within a second
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aSignatureIsValidOrRefused(byte[] input) throws Exception {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        check(input);
    }

    private static void check(byte[] input) throws Exception {
        long began = System.nanoTime();
        run(input);
        FuzzSupport.inTime(began, input.length);
    }

    private static void run(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\n\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\n", -1);
        byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(input, end + 2, input.length);
        String[] requestLine = lines[0].split(" ", 2);
        String method = requestLine[0];
        URI target;
        try {
            target = requestLine.length == 2 ? new URI(requestLine[1]) : TARGET;
        } catch (java.net.URISyntaxException notAUri) {
            target = TARGET; // the servlet builds it, from what Jetty took
        }
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1).replaceFirst("^ ", ""));
            }
        }
        Function<String, String> headers = fields::get;

        Optional<String> claimed = RequestSignatures.claimedSigner(headers);
        boolean prechecked;
        try {
            SIGNATURES.precheck(headers, KEYS);
            prechecked = true;
        } catch (RequestSignatures.Refused refused) {
            prechecked = false;
        }
        String signer = null;
        try {
            signer = SIGNATURES.verify(headers, method, target, body, KEYS, new ReplayGuard(Clock.fixed(NOW,
                    ZoneOffset.UTC), 10));
        } catch (RequestSignatures.Refused refused) {
            assertFalse(SIGNED.containsValue(text), "a request exactly as signed is refused: " + refused.getMessage());
        }
        if (signer != null) {
            assertEquals(SIGNER.id(), signer);
            assertTrue(prechecked, "verified, but refused before its body");
            assertEquals(Optional.of(signer), claimed);
            SignatureInput read = SignatureInput.read(headers.apply("Signature-Input"));
            List<String> values = new ArrayList<>();
            for (String component : read.components()) {
                values.add(component.equals("@method") ? method : component.equals("@target-uri") ? target.toString()
                        : headers.apply(component).replaceAll("^[ \t]+|[ \t]+$", ""));
            }
            assertTrue(SIGNED_BASES.contains(base(read.components(), values, read.params())),
                    "accepted a signature base that was never signed: " + text);
            StructuredFields.Member digest = StructuredFieldParser.dictionary(headers.apply("Content-Digest"))
                    .get("sha-256");
            assertArrayEquals(Digests.sha256(body), ((StructuredFields.Bytes) ((StructuredFields.Item) digest)
                    .value()).value(), "accepted a body that is not the one of its Content-Digest");
        }
    }

    /** @return the request as text, signed by {@code key} as RFC 9421 §2.5 spells it out (the parameters canonical) */
    private static String request(String method, URI target, Map<String, String> extra, byte[] body, String label,
            List<String> components, String params, NodeIdentity key) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("content-digest", RequestSignatures.contentDigest(body));
        fields.putAll(extra);
        List<String> values = components.stream().map(c -> c.equals("@method") ? method
                : c.equals("@target-uri") ? target.toString() : fields.get(c)).toList();
        String inner = components.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(" ", "(", ")"))
                + params;
        String base = base(components, values, inner);
        if (key == SIGNER) {
            SIGNED_BASES.add(base);
        }
        byte[] signature = key.sign(base.getBytes(StandardCharsets.UTF_8));
        fields.put("signature-input", label + "=" + inner);
        fields.put("signature", label + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
        StringBuilder text = new StringBuilder(method + " " + target + "\n");
        fields.forEach((name, value) -> text.append(capitalized(name)).append(": ").append(value).append('\n'));
        return text.append('\n').append(new String(body, StandardCharsets.ISO_8859_1)).toString();
    }

    private static String base(List<String> components, List<String> values, String params) {
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < components.size(); i++) {
            base.append('"').append(components.get(i)).append("\": ").append(values.get(i)).append('\n');
        }
        return base.append("\"@signature-params\": ").append(params).toString();
    }

    private static String capitalized(String name) {
        return Arrays.stream(name.split("-")).map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining("-"));
    }

    /** @return the value of header {@code name} in a request as text */
    private static String line(String request, String name) {
        return request.lines().filter(l -> l.startsWith(name + ": ")).findFirst()
                .orElseGet(() -> fail("no " + name)).substring(name.length() + 2);
    }

    private static byte[] sha512(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-512").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
