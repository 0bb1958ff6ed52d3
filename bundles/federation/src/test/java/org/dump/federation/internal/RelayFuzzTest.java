package org.dump.federation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.dump.federation.PeerRefusedException;
import org.dump.federation.RelayClient;
import org.dump.node.identity.NodeIdentity;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fuzzes what a relay and its clients read from each other (protocol §13; Jazzer, issue 27): the bodies of the
 * signed {@code /relay/attach}, {@code /relay/answer} and {@code /relay/dial-back} ({@link RelayEndpoints}, signed
 * here by a client for whatever the body is, on a real {@link RelayHub}; front doors are never read from the
 * network), a relay's answer to an attach poll ({@link RelayedExchange#requests}), and the headers passed on either
 * way ({@link RelayHeaders#keep}). The first byte picks: {@code 0} attach, {@code 1} answer (to a request waiting
 * for the client; {@code $ID} in the body stands for its id), {@code 2} dial-back, {@code 3} a poll's answer,
 * {@code 4} header lines, after a byte that picks the request's or the answer's headers. For every input: only
 * {@code RelayRefusal} with a documented status, or {@code IOException}/{@code IllegalArgumentException} for a poll's
 * answer; a refused attach attaches nobody, a refused answer leaves its caller waiting, a refused dial-back reads no
 * front door; a taken answer reaches its caller with only the answer headers that pass; a relayed request is an id,
 * GET, HEAD or POST and a path without dot segments, with only request headers that pass; kept headers are allowed
 * ones, by lower-case name, without control characters; each input done within a second.
 */
public class RelayFuzzTest {

    private static final String RELAY = "http://relay.example:8181/relay/";
    static final NodeIdentity CLIENT = FuzzSupport.fixedNode(41);
    private static final Pattern ID = Pattern.compile("[a-z2-7]{8,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\x{10ffff}]*");

    private static final FuzzSupport.Nanos NANOS = new FuzzSupport.Nanos();
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "relay-fuzz-timer");
        thread.setDaemon(true);
        return thread;
    });
    private static final RelayHub HUB = new RelayHub(RelayLimits.of(4, 1024 * 1024, Duration.ofSeconds(60)), TIMER,
            Clock.systemUTC(), NANOS);
    private static final AtomicInteger DOORS_READ = new AtomicInteger();
    private static final RelayEndpoints ENDPOINTS = new RelayEndpoints(HUB, new DialBack(url -> {
        DOORS_READ.incrementAndGet();
        if (!"client.example".equals(url.getHost())) {
            throw new PeerRefusedException("cannot reach " + url + "api/node: connection refused");
        }
        return new NodeCard(CLIENT.id(), CLIENT.publicKey().base64(), "client", "", List.of());
    }, Runnable::run), new RequestSignatures(Clock.systemUTC()), new ReplayGuard(Clock.systemUTC(), 10_000));

    static {
        // The first request of each kind loads and prepares much: not within an input's second.
        try {
            for (String request : List.of("0{}", "1{\"id\":\"$ID\",\"status\":200}", "2{}", "3{\"requests\":[]}",
                    "4rA: b")) {
                run(request.getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aRelayTakesWhatChecksOut(byte[] input) throws Exception {
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
        byte[] body = FuzzSupport.rest(input);
        switch (FuzzSupport.mode(input, 5)) {
            case 0 -> attach(body);
            case 1 -> answer(body);
            case 2 -> dialBack(body);
            case 3 -> poll(body);
            default -> headers(body);
        }
    }

    private static void attach(byte[] body) throws Exception {
        List<String> before = clients();
        try {
            RelayEndpoints.Signed request = signed("attach", body);
            ENDPOINTS.precheck("/attach", request.headers());
            ENDPOINTS.attach(request).cancel(false); // the poll is not held: its connection is gone
            assertTrue(clients().contains(CLIENT.id()));
        } catch (RelayRefusal refused) {
            assertTrue(Set.of(400, 401, 403, 429, 503).contains(refused.status()), refused.getMessage());
            assertEquals(before, clients(), "a refused attach changed the clients");
        }
    }

    private static void answer(byte[] body) throws Exception {
        ENDPOINTS.attach(signed("attach", ("{\"publicKey\":\"" + CLIENT.publicKey().base64() + "\",\"wait\":0}")
                .getBytes(StandardCharsets.UTF_8))).cancel(false);
        CompletableFuture<RelayAnswer> caller = ENDPOINTS.relay(CLIENT.id(), "GET", "/api/x", List.of(), n -> null,
                new byte[0]);
        String id = ENDPOINTS.attach(signed("attach", ("{\"publicKey\":\"" + CLIENT.publicKey().base64()
                + "\",\"wait\":0}").getBytes(StandardCharsets.UTF_8))).getNow(List.of()).get(0).id();
        byte[] answer = new String(body, StandardCharsets.ISO_8859_1).replace("$ID", id)
                .getBytes(StandardCharsets.ISO_8859_1);
        try {
            RelayEndpoints.Signed request = signed("answer", answer);
            ENDPOINTS.precheck("/answer", request.headers());
            assertEquals(200, ENDPOINTS.answer(request).status());
        } catch (RelayRefusal refused) {
            assertTrue(Set.of(400, 401, 404, 413, 429).contains(refused.status()), refused.getMessage());
            assertFalse(caller.isDone(), "a refused answer reached the caller");
            HUB.answer(CLIENT.id(), id, new RelayAnswer(204, Map.of(), new byte[0])); // so that none piles up
            return;
        }
        RelayAnswer got = caller.getNow(null);
        JsonNode sent = FederationJson.MAPPER.readTree(answer);
        assertEquals(sent.path("status").asInt(), got.status());
        assertArrayEquals(Base64.getDecoder().decode(sent.path("body").asText("")), got.body());
        got.headers().forEach((name, value) -> assertTrue(RelayHeaders.ANSWER.contains(name)
                && PRINTABLE.matcher(value).matches(), name + ": " + value));
    }

    private static void dialBack(byte[] body) throws Exception {
        int read = DOORS_READ.get();
        CompletableFuture<RelayAnswer> answer;
        try {
            RelayEndpoints.Signed request = signed("dial-back", body);
            ENDPOINTS.precheck("/dial-back", request.headers());
            answer = ENDPOINTS.dialBack(request);
        } catch (RelayRefusal refused) {
            assertTrue(Set.of(400, 401, 429, 503).contains(refused.status()), refused.getMessage());
            assertEquals(read, DOORS_READ.get(), "a refused dial-back read a front door");
            return;
        }
        assertEquals(read + 1, DOORS_READ.get());
        RelayAnswer done = answer.getNow(null);
        assertEquals(200, done.status());
        assertTrue(FederationJson.MAPPER.readTree(done.body()).path("reachable").isBoolean());
    }

    private static void poll(byte[] answer) {
        List<RelayedRequest> requests;
        try {
            requests = RelayedExchange.requests(FederationJson.MAPPER.readTree(answer));
        } catch (IOException | IllegalArgumentException refused) {
            return; // the attachment is lost, or polls again
        }
        for (RelayedRequest request : requests) {
            assertTrue(ID.matcher(request.id()).matches(), request.id());
            assertTrue(Set.of("GET", "HEAD", "POST").contains(request.method()), request.method());
            assertTrue(request.path().startsWith("/") && !request.path().startsWith("//")
                    && !request.path().contains("/../") && !request.path().endsWith("/.."), request.path());
            kept(RelayHeaders.REQUEST, request.headers());
            assertTrue(request.body().length <= answer.length);
        }
    }

    private static void headers(byte[] lines) {
        List<String> names = new ArrayList<>();
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : new String(FuzzSupport.rest(lines), StandardCharsets.UTF_8).split("\n", -1)) {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                names.add(line.substring(0, colon));
                values.merge(line.substring(0, colon), line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        Set<String> allowed = lines.length > 0 && (lines[0] & 1) == 1 ? RelayHeaders.ANSWER : RelayHeaders.REQUEST;
        Map<String, String> kept = RelayHeaders.keep(allowed, names, values::get);
        kept(allowed, kept);
        kept.forEach((name, value) -> assertTrue(values.entrySet().stream().anyMatch(e -> e.getKey()
                .equalsIgnoreCase(name) && e.getValue().equals(value)), name + ": " + value));
    }

    private static void kept(Set<String> allowed, Map<String, String> headers) {
        headers.forEach((name, value) -> assertTrue(allowed.contains(name) && PRINTABLE.matcher(value).matches(),
                name + ": " + value));
    }

    private static List<String> clients() {
        return HUB.report().clients().stream().map(RelayClient::nodeId).toList();
    }

    private static RelayEndpoints.Signed signed(String endpoint, byte[] body) {
        URI target = URI.create(RELAY + endpoint);
        return new RelayEndpoints.Signed("POST", target, FuzzSupport.signed(CLIENT, target, body), body);
    }
}
