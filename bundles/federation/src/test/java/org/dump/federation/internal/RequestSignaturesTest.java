package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

public class RequestSignaturesTest {

    private static final URI TARGET = URI.create("http://127.0.0.1:8281/api/federation/records");
    private static final byte[] BODY = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);

    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");
    private final Ed25519KeyPair x = Ed25519KeyPair.generate();
    private final Ed25519KeyPair other = Ed25519KeyPair.generate();
    private final RequestSignatures signatures = new RequestSignatures(Clock.fixed(now, ZoneOffset.UTC));
    private final ReplayGuard replays = new ReplayGuard(Clock.fixed(now, ZoneOffset.UTC), 1000);
    /** The receiver's peers: X with its real key. */
    private final Function<String, Optional<Ed25519PublicKey>> peers = id -> id.equals(x.publicKey().fingerprint())
            ? Optional.of(x.publicKey()) : Optional.empty();

    @Test
    public void aSignedRequestNamesItsSender() throws Exception {
        Map<String, String> headers = signatures.sign(new TestNodeIdentity(x), "POST", TARGET, BODY);
        assertTrue(headers.get("Signature-Input"), headers.get("Signature-Input").startsWith(
                "dump=(\"@method\" \"@target-uri\" \"content-digest\");created=" + now.getEpochSecond() + ";keyid=\""));
        assertEquals(x.publicKey().fingerprint(), verify(headers, "POST", TARGET, BODY));
    }

    @Test
    public void changedRequestsAreRefused() {
        Map<String, String> headers = signatures.sign(new TestNodeIdentity(x), "POST", TARGET, BODY);
        byte[] otherBody = "{\"records\":[1]}".getBytes(StandardCharsets.UTF_8);
        assertRefused("Content-Digest", headers, "POST", TARGET, otherBody);
        Map<String, String> redigested = new HashMap<>(headers);
        redigested.put("Content-Digest", RequestSignatures.contentDigest(otherBody));
        assertRefused("does not verify", redigested, "POST", TARGET, otherBody);
        assertRefused("does not verify", headers, "PUT", TARGET, BODY);
        assertRefused("does not verify", headers, "POST", URI.create("http://127.0.0.1:8281/api/federation/other"), BODY);
    }

    @Test
    public void onlyPeersWithTheirPinnedKeysAreAccepted() {
        assertRefused("not a peer", signatures.sign(new TestNodeIdentity(other), "POST", TARGET, BODY), "POST", TARGET,
                BODY);
        // A node that signs with its own key but names X as the signer.
        Map<String, String> forged = signatures.sign(new TestNodeIdentity(other), "POST", TARGET, BODY);
        forged.put("Signature-Input", forged.get("Signature-Input").replace(other.publicKey().fingerprint(),
                x.publicKey().fingerprint()));
        assertRefused("does not verify", forged, "POST", TARGET, BODY);
    }

    @Test
    public void replaysOldAndMalformedSignaturesAreRefused() throws Exception {
        Map<String, String> headers = signatures.sign(new TestNodeIdentity(x), "POST", TARGET, BODY);
        verify(headers, "POST", TARGET, BODY);
        assertRefused("replay", headers, "POST", TARGET, BODY);

        RequestSignatures late = new RequestSignatures(Clock.fixed(now.minus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        assertRefused("minutes from", late.sign(new TestNodeIdentity(x), "POST", TARGET, BODY), "POST", TARGET, BODY);

        assertRefused("not signed", Map.of(), "POST", TARGET, BODY);
        Map<String, String> mangled = new HashMap<>(signatures.sign(new TestNodeIdentity(x), "POST", TARGET, BODY));
        mangled.put("Signature-Input", mangled.get("Signature-Input") + ";expires=1");
        assertRefused("expired at 1,", mangled, "POST", TARGET, BODY);
        mangled = new HashMap<>(signatures.sign(new TestNodeIdentity(x), "POST", TARGET, BODY));
        mangled.put("Signature", "dump=:AAAA:");
        assertRefused("has 3 bytes, not the 64", mangled, "POST", TARGET, BODY);
        mangled.put("Signature", "dump=:AAAA");
        assertRefused("Signature is not an RFC 8941 dictionary", mangled, "POST", TARGET, BODY);
    }

    @Test
    public void aFullReplayGuardRefusesWhatItCanNoLongerTell() {
        ReplayGuard small = new ReplayGuard(Clock.fixed(now, ZoneOffset.UTC), 2);
        long t = now.getEpochSecond();
        assertTrue(small.firstTime("x", "n1", t - 3));
        assertTrue(small.firstTime("x", "n2", t - 2));
        assertTrue(small.firstTime("x", "n3", t - 1));
        assertEquals(false, small.firstTime("x", "n0", t - 3));
        assertEquals(false, small.firstTime("x", "n3", t - 1));
    }

    private String verify(Map<String, String> headers, String method, URI target, byte[] body)
            throws RequestSignatures.Refused {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(), value));
        return signatures.verify(name -> lower.get(name.toLowerCase()), method, target, body, peers, replays);
    }

    private void assertRefused(String why, Map<String, String> headers, String method, URI target, byte[] body) {
        RequestSignatures.Refused refused = assertThrows(RequestSignatures.Refused.class,
                () -> verify(headers, method, target, body));
        assertTrue(refused.getMessage(), refused.getMessage().contains(why));
    }
}
