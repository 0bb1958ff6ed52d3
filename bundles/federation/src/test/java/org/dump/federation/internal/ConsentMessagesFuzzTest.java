package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dump.crypto.SealedBox;
import org.dump.federation.Peer;
import org.dump.node.consent.ConsentInbox;
import org.dump.node.consent.MessageKind;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.testing.TestNodeIdentity;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fuzzes consent messages from a peer, {@code POST /federation/profiles/requests} and {@code …/answers}, through
 * {@link ConsentEndpoint#handle} with its signature made here for whatever the body is, so that the fuzzer reaches
 * {@link SealedProfiles#open} and the inbox (Jazzer; issue 27). The inbox notes what arrives, as in
 * ConsentTransportTest. The first byte picks: {@code 0} a request, {@code 1} an answer as it travels, {@code 2} an
 * answer as the sending node wrote it, its profile sealed here as its courier seals it ({@link SealedProfiles#seal}),
 * {@code 3} an answer whose sealed profile holds the rest of the input, {@code 4} a request to the path that is the
 * rest. For every input: an answer with one of the documented statuses, no exception; refused, the inbox sees
 * nothing; taken, it sees exactly one message, from the signing peer, with the profile opened (never sealed, never a
 * plain profile from the wire), an answer without one passed unchanged, and a profile sealed here arrives as it was
 * written; each input done within a second.
 */
public class ConsentMessagesFuzzTest {

    private static final TestNodeIdentity SELF = new TestNodeIdentity();
    private static final NodeIdentity PEER = FuzzSupport.fixedNode(31);
    private static final String BASE = "http://127.0.0.1:8181" + ConsentEndpoint.PREFIX;
    private static final Set<Integer> STATUSES = Set.of(200, 400, 401, 404, 405, 409, 413, 429);

    private static final FuzzSupport.Nanos NANOS = new FuzzSupport.Nanos();
    /** How many messages reached the inbox, and the last one. */
    private static int received;
    private static String lastFrom;
    private static MessageKind lastKind;
    private static byte[] lastBody;
    private static final ConsentInbox INBOX = (from, kind, body) -> {
        received++;
        lastFrom = from;
        lastKind = kind;
        lastBody = body;
    };
    private static final ConsentEndpoint ENDPOINT = new ConsentEndpoint(new FixedPeers(List.of(new Peer(
            URI.create("http://127.0.0.1:1/"), PEER.id(), PEER.publicKey().base64(), "peer", List.of(), Instant.now(),
            null, null, 0, 0, 0, null))), INBOX, new RequestSignatures(Clock.systemUTC()),
            new PeerLimits(1000, 1 << 30, NANOS), SELF);

    static {
        // The first message of each kind loads and prepares much: not within an input's second.
        try {
            for (String message : List.of("0{}", "1{}", "2{\"requestId\":\"r\",\"version\":1,\"profile\":{}}", "3{}")) {
                run(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aConsentMessageReachesTheInboxOrNothingDoes(byte[] input) throws Exception {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        check(input);
    }

    private static synchronized void check(byte[] input) throws Exception {
        long began = System.nanoTime();
        run(input);
        FuzzSupport.inTime(began, input.length);
    }

    private static void run(byte[] input) throws Exception {
        NANOS.tick();
        byte[] rest = FuzzSupport.rest(input);
        int mode = FuzzSupport.mode(input, 5);
        String path = mode == 0 ? "/requests" : mode == 4 ? new String(rest, java.nio.charset.StandardCharsets.UTF_8)
                : "/answers";
        byte[] body = switch (mode) {
            case 2 -> sealedHere(rest);
            case 3 -> FederationJson.MAPPER.writeValueAsBytes(Map.of("requestId", "r", "version", 1, "state",
                    "granted", SealedProfiles.SEALED, Base64.getEncoder().encodeToString(SealedBox.seal(
                            SELF.publicKey(), SealedProfiles.PURPOSE, rest, SealedProfiles.aad("r", 1, SELF.id())))));
            case 4 -> new byte[0];
            default -> rest;
        };
        URI target;
        try {
            target = URI.create(BASE + path);
        } catch (IllegalArgumentException notAPath) {
            return; // Jetty would not have taken the request
        }
        int before = received;

        ConsentEndpoint.Answer answer = ENDPOINT.handle("POST", path, target, FuzzSupport.signed(PEER, target, body),
                body.length, new ByteArrayInputStream(body), "127.0.0.1");

        assertTrue(STATUSES.contains(answer.status()), answer.toString());
        if (answer.status() != 200) {
            assertEquals(before, received, "a refused message reached the inbox: " + answer);
            assertFalse(mode == 2 && !Arrays.equals(body, rest), "a profile sealed as a courier seals it is refused: "
                    + answer);
            return;
        }
        assertEquals(before + 1, received);
        assertEquals(PEER.id(), lastFrom);
        assertEquals(path.equals("/requests") ? MessageKind.REQUEST : MessageKind.ANSWER, lastKind);
        if (lastKind == MessageKind.ANSWER) {
            answered(body, mode == 2 ? rest : null);
        }
    }

    /** Checks the answer that reached the inbox against {@code wire}, what was sent, and what was sealed here. */
    private static void answered(byte[] wire, byte[] written) throws IOException {
        JsonNode sent = FederationJson.MAPPER.readTree(wire);
        if (!sent.has(SealedProfiles.SEALED)) {
            assertArrayEquals(wire, lastBody, "an answer without a profile is passed as it came");
            assertFalse(sent.has(SealedProfiles.PLAIN), "an answer with a plain profile was taken");
            return;
        }
        JsonNode delivered = FederationJson.MAPPER.readTree(lastBody);
        assertFalse(delivered.has(SealedProfiles.SEALED));
        assertTrue(delivered.has(SealedProfiles.PLAIN));
        assertEquals(sent.get("requestId"), delivered.get("requestId"));
        assertEquals(sent.get("version"), delivered.get("version"));
        if (written != null) {
            assertEquals(FederationJson.MAPPER.readTree(written), delivered, "the profile arrives as it was written");
        }
    }

    /** @return {@code answer} as a courier sends it to this node: its profile sealed, if it has one and may be */
    private static byte[] sealedHere(byte[] answer) {
        try {
            return SealedProfiles.seal(answer, SELF.id(), SELF.publicKey());
        } catch (IllegalArgumentException noRequestIdOrVersion) {
            return answer; // the courier does not send it (ConsentDeliveryException)
        }
    }
}
