package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerRefusedException;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.Transactions;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what peering reads from other nodes (Jazzer; issue 27): the body of a signed hello
 * ({@link PeerAdmission#answer}, on a real peer directory and its requests, in-memory Derby), the front door of the
 * node a hello names ({@link NodeFrontDoor#card}: read from the input, never from the network), and the answer to
 * this node's own hello ({@link HelloOutcome#of}). The first byte picks: {@code 0} a stranger's hello, {@code 1} a
 * peer's (which may move it), each with a byte of settings, then the hello's body, a NUL, and what the front door at
 * its address answers; {@code 2} an answer to a hello, after a byte for its status and one for its content type;
 * {@code 3} a front door's answer. For every input: only the documented refusals (a status; {@code
 * PeerRefusedException} for a front door), no other exception; a refused hello changes no peer and no request; a
 * taken one makes the signer a peer, with its own key, at the address it named; a peer's hello moves it only to an
 * address whose front door presents its pinned key; a card's id is its key's fingerprint; an outcome's message is
 * bounded; each input done within a second.
 */
public class PeeringFuzzTest {

    static final NodeIdentity SELF = FuzzSupport.fixedNode(20);
    /** A node that is no peer yet: its hellos may be taken. */
    static final NodeIdentity STRANGER = FuzzSupport.fixedNode(21);
    static final NodeIdentity PEER = FuzzSupport.fixedNode(22);
    private static final URI HELLO = URI.create("http://127.0.0.1:8181/federation/hello");
    private static final int[] STATUSES = {200, 202, 400, 401, 403, 409, 429, 500, 404, 302};

    private static final FuzzSupport.Nanos NANOS = new FuzzSupport.Nanos();
    private static final Transactions FEDERATION = FuzzSupport.federationDatabase();
    /** What the front door at any address answers now: the input's. */
    private static volatile byte[] door = new byte[0];
    private static final JpaPeerDirectory DIRECTORY = new JpaPeerDirectory(FEDERATION, SELF,
            new NodeFrontDoor(null, Duration.ofSeconds(1)) {
                @Override
                NodeCard read(URI base) {
                    return NodeFrontDoor.card(base.resolve("api/node"), door);
                }
            }, Clock.systemUTC());
    private static final JpaPeerRequests REQUESTS = new JpaPeerRequests(FEDERATION, Clock.systemUTC());
    private static final AtomicBoolean WANTS_PEERS = new AtomicBoolean(true);
    private static final PeerAdmission ADMISSION = new PeerAdmission(DIRECTORY, REQUESTS, new PeerStanding(1, 4,
            NANOS, () -> 0.5, change -> DIRECTORY.mutuality(change.nodeId(), change.mutuality(), change.note()),
            DIRECTORY::list), new PeerLimits(1000, 1 << 30, NANOS), WANTS_PEERS::get, peer -> {
            });

    static {
        FuzzSupport.storePeer(FEDERATION, URI.create("http://peer.example:8181/"), PEER, "[]");
        // The first write of each store loads and prepares much: not within an input's second.
        String url = "http://warm.example:8181/";
        for (char settings : new char[] {'0', '1'}) {
            hello(STRANGER, settings, ("{\"url\":\"" + url + "\"}\0" + door(STRANGER, url))
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    @FuzzTest(maxDuration = "4s")
    void peeringTakesWhatChecksOut(byte[] input) throws Exception {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) throws Exception {
        check(input);
    }

    private static void check(byte[] input) throws Exception {
        long began = System.nanoTime();
        NANOS.tick();
        byte[] rest = FuzzSupport.rest(input);
        int settings = rest.length == 0 ? 0 : rest[0];
        byte[] after = FuzzSupport.rest(rest);
        int mode = FuzzSupport.mode(input, 4);
        switch (mode) {
            case 0, 1 -> hello(mode == 1 ? PEER : STRANGER, settings, after);
            case 2 -> outcome(STATUSES[Math.floorMod(settings, STATUSES.length)], after);
            default -> card(rest);
        }
        FuzzSupport.inTime(began, input.length);
    }

    private static void hello(NodeIdentity sender, int settings, byte[] request) {
        int nul = indexOf(request, (byte) 0);
        byte[] body = nul < 0 ? request : Arrays.copyOf(request, nul);
        door = nul < 0 ? new byte[0] : Arrays.copyOfRange(request, nul + 1, request.length);
        ADMISSION.acceptPeers(List.of("auto", "manual", "none").get(Math.floorMod(settings, 3)));
        WANTS_PEERS.set((settings & 4) == 0);
        Map<String, String> peers = peers();
        Map<String, String> requests = requests();

        PeerAdmission.Answer answer = ADMISSION.answer(FuzzSupport.signed(sender, HELLO, body), "POST", HELLO, body,
                "127.0.0.1");

        int status = answer.status();
        String outcome = answer.body().get("outcome");
        assertTrue(Set.of(200, 202, 400, 401, 403, 409).contains(status), answer.toString());
        assertTrue(answer.body().get("message") != null, answer.toString());
        assertTrue((status == 200 ? Set.of("taken", "already") : status == 202 ? Set.of("pending")
                : Set.of("refused")).contains(outcome), answer.toString());
        if (sender == PEER) {
            assertEquals(List.of(200, "already"), List.of(status, outcome), "a peer's own hello: " + answer);
            String url = DIRECTORY.find(PEER.id()).orElseThrow().url().toString();
            if (!url.equals(peers.get(PEER.id()))) {
                NodeCard there = NodeFrontDoor.card(URI.create(url).resolve("api/node"), door);
                assertEquals(List.of(PEER.id(), PEER.publicKey().base64()), List.of(there.id(), there.publicKey()),
                        "moved to an address that does not present the peer's key");
                peers.put(PEER.id(), url);
            }
            assertEquals(peers, peers(), "a peer's hello changed other peers");
            assertEquals(requests, requests());
        } else if (status >= 400 || "already".equals(outcome)) {
            assertEquals(peers, peers(), "a refused hello changed the peers");
            assertEquals(requests, requests(), "a refused hello changed the requests");
        } else if (status == 200) {
            Peer taken = DIRECTORY.find(STRANGER.id()).orElseThrow();
            assertEquals(STRANGER.publicKey().base64(), taken.publicKey());
            assertEquals(PeerAddresses.baseOf(helloUrl(body)), taken.url());
            DIRECTORY.remove(STRANGER.id()); // a stranger again for the next input
        } else {
            assertEquals(peers, peers(), "a hello kept for the administrator made a peer");
            assertEquals(STRANGER.id(), REQUESTS.find(STRANGER.id()).orElseThrow().nodeId());
            REQUESTS.remove(STRANGER.id());
        }
    }

    private static void outcome(int status, byte[] answer) {
        String type = answer.length > 0 && (answer[0] & 1) == 1 ? "text/html" : "application/json; charset=utf-8";
        HelloOutcome outcome = HelloOutcome.of(status, type, FuzzSupport.rest(answer));
        assertTrue(outcome.kind() != null && outcome.message() != null);
        assertTrue(outcome.message().length() <= 320, "a message of " + outcome.message().length() + " chars");
        if (!Set.of(200, 202, 400, 401, 403, 409).contains(status) || type.startsWith("text")) {
            assertEquals(HelloOutcome.Kind.UNANSWERED, outcome.kind(), outcome.toString());
        }
    }

    private static void card(byte[] answer) {
        NodeCard card;
        try {
            card = NodeFrontDoor.card(URI.create("http://door.example:8181/api/node"), answer);
        } catch (PeerRefusedException refused) {
            return;
        }
        assertEquals(card.id(), Ed25519PublicKey.fromBase64(card.publicKey()).fingerprint());
        card.modules().forEach(module -> assertTrue(NodeFrontDoor.MODULE_ID.matcher(module.substring(0,
                Math.max(0, module.indexOf('@')))).matches(), module));
    }

    /** @return the url a hello's body names (it was taken, so it has one) */
    private static URI helloUrl(byte[] body) {
        try {
            return URI.create(FederationJson.MAPPER.readTree(body).path("url").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError("a hello was taken whose body is not JSON", e);
        }
    }

    /** @return the peers: id → address and key */
    private static Map<String, String> peers() {
        return DIRECTORY.list().stream().collect(Collectors.toMap(Peer::nodeId, p -> p.url().toString()));
    }

    private static Map<String, String> requests() {
        return REQUESTS.list().stream().collect(Collectors.toMap(r -> r.nodeId(), r -> r.url() + " " + r.state()));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** @return the front door of {@code node} at {@code url}: a seed's */
    static String door(NodeIdentity node, String url) {
        return "{\"id\":\"" + node.id() + "\",\"publicKey\":\"" + node.publicKey().base64() + "\",\"name\":\"N\","
                + "\"version\":\"0.1.0\",\"protocol\":" + org.dump.federation.FederationProtocol.VERSION
                + ",\"publicBaseUrl\":\"" + url + "\",\"modules\":[{\"id\":\"market\",\"dataVersion\":\"1.0.0\"}]}";
    }

    static byte[] seed(char mode, int settings, String body, String door) {
        return (mode + "" + (char) settings + body + (door == null ? "" : "\0" + door))
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
