package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.federation.internal.reconcile.Run;
import org.dump.itests.support.Api;
import org.dump.itests.support.FakePeer;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.sun.net.httpserver.HttpExchange;

/**
 * What a peer's answers can do to a real node (issue 22, items 9 and 10): an answer too large, an answer that never
 * ends, and a peer that refuses every push while the node's users write. One node, with the heap it ships with
 * (256 MB), and fake peers ({@link FakePeer}) taken by their hellos.
 */
public class PeerAnswersIT {

    /** Far more than the node's heap: the old code read a summary answer whole, into one array. */
    private static final long FLOOD_BYTES = 320L * 1024 * 1024;
    /** What may wait for one peer in the test node (org.dump.federation.push), small so that a test fills it soon. */
    private static final int QUEUE_KIB_PER_PEER = 512;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess x;

    @BeforeClass
    public static void startANodeRunningTheMarket() throws Exception {
        distribution = new NodeDistribution("answers");
        distribution.configure("org.dump.federation.push", "maxKilobytesPerPeer = " + QUEUE_KIB_PER_PEER,
                "maxKilobytesInAll = " + 4 * QUEUE_KIB_PER_PEER);
        steps = new NodeSteps(distribution);
        x = steps.startWithTheMarket("X", "xena", "Xena");
    }

    @AfterClass
    public static void stopTheNode() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * A peer claims records the node lacks, and answers the node's request for them with 320 MiB (streamed, never
     * held here): the node reads no more than its limit, says so, and goes on serving its users.
     */
    @Test
    public void aSummaryAnswerLargerThanTheHeapIsCutOffAndTheNodeLivesOn() throws Exception {
        try (FakePeer flood = new FakePeer("flood")) {
            flood.claims(List.of(new Run(flood.id(), 1, 1000)));
            flood.answer("/federation/versions", (exchange, body) -> flood(exchange, FLOOD_BYTES));
            taken(flood);
            String line = steps.awaitLog(x, "peer " + flood.id() + " answered more than", PATIENCE);
            assertTrue(line, line.contains("bytes"));
            String log = Files.readString(x.dir().resolve("data/log/karaf.log"));
            assertFalse("the node ran out of heap:\n" + x.logTail(), log.contains("Java heap space")
                    || log.contains("OutOfMemoryError"));
            assertEquals(x.logTail(), 200, x.api().get("node").send().status());
            steps.list(x, "xena", "Socks after the flood", 3.5);
        }
    }

    /**
     * One peer answers pushes one byte a second, for ever; another peer must still get the node's new listings (60 s is
     * a bound for failure, not a measure of speed).
     */
    @Test
    public void aPeerThatTricklesItsAnswerDoesNotHoldUpPushesToOthers() throws Exception {
        List<String> pushed = new CopyOnWriteArrayList<>();
        try (FakePeer slow = new FakePeer("slow"); FakePeer quick = new FakePeer("quick")) {
            slow.answer("/federation/records", PeerAnswersIT::trickle);
            quick.answer("/federation/records", (exchange, body) -> {
                pushed.add(new String(body, StandardCharsets.UTF_8));
                FakePeer.json(exchange, 200, Map.of("stored", 0));
            });
            taken(slow);
            taken(quick);
            String first = steps.list(x, "xena", "First socks", 1).path("id").asText();
            String second = steps.list(x, "xena", "Second socks", 2).path("id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(arrived(pushed, first) && arrived(pushed, second)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue("the quick peer got " + pushed.size() + " push(es), not both listings, while the slow one "
                    + "trickled\n" + x.logTail(), arrived(pushed, first) && arrived(pushed, second));
        }
    }

    /**
     * A peer answers 500 to every push while the node's user writes 2.4 MB of listings: what waits for that peer
     * stays within the node's limit ({@code dump:peer-list} shows it), the node says once that anti-entropy brings
     * what it dropped, and it keeps answering.
     */
    @Test
    public void whatWaitsForAPeerThatFailsStaysWithinItsLimitInBytes() throws Exception {
        try (FakePeer failing = new FakePeer("failing")) {
            failing.answer("/federation/records", (exchange, body) -> FakePeer.json(exchange, 500,
                    Map.of("message", "down for now")));
            taken(failing);
            char[] description = new char[3900];
            Arrays.fill(description, 'w');
            long most = 0;
            for (int i = 0; i < 600; i++) {
                Api.Reply listed = x.api().post("modules/market/listings").basic("xena", "xena-password")
                        .json(Api.object("title", "Heavy socks " + i, "description", new String(description),
                                "price", 1, "currency", "EUR")).send();
                assertEquals(listed.toString(), 201, listed.status());
                if (i % 100 == 99) {
                    most = Math.max(most, waitingKib(failing.id()));
                }
            }
            most = Math.max(most, waitingKib(failing.id()));
            assertTrue("at most " + QUEUE_KIB_PER_PEER + " KiB wait, not " + most, most <= QUEUE_KIB_PER_PEER);
            String line = steps.awaitLog(x, "waiting for peer " + failing.id() + " dropped", PATIENCE);
            assertTrue(line, line.contains("anti-entropy"));
            assertEquals(x.logTail(), 200, x.api().get("node").send().status());
        }
    }

    /** Has {@code fake} say hello to the node and asserts that it is taken as a peer. */
    private static void taken(FakePeer fake) throws Exception {
        HttpResponse<String> hello = fake.hello(URI.create(x.url()));
        assertEquals(hello.body(), 200, hello.statusCode());
        assertEquals(hello.body(), "taken", Api.JSON.readTree(hello.body()).path("outcome").asText());
    }

    /** @return the KiB that wait for {@code peerId}, as dump:peer-list shows them ("12 / 48 KiB") */
    private static long waitingKib(String peerId) throws Exception {
        String peers = steps.shell(x, "dump:peer-list");
        Matcher waiting = Pattern.compile("(\\d+) / (\\d+) KiB").matcher(row(peers, peerId));
        if (!waiting.find()) {
            fail("dump:peer-list shows no records/KiB waiting for " + peerId + ":\n" + peers);
        }
        return Long.parseLong(waiting.group(2));
    }

    private static String row(String table, String peerId) {
        return table.lines().filter(line -> line.contains(peerId)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + peerId + " in:\n" + table));
    }

    private static boolean arrived(List<String> pushes, String id) {
        return pushes.stream().anyMatch(push -> push.contains(id));
    }

    /** Answers 200 with a JSON object of {@code size} bytes, in chunks, until the node hangs up. */
    private static void flood(HttpExchange exchange, long size) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"records\":[],\"flood\":\"".getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the node hung up: what it should do
        }
    }

    /** Answers 200 and then one byte a second, for ever (until the node hangs up or the fake is closed). */
    private static void trickle(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            out.write('{');
            while (true) {
                out.flush();
                Thread.sleep(1000);
                out.write(' ');
            }
        } catch (IOException e) {
            // the node hung up: what it should do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
