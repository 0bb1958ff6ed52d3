package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.dump.crypto.Identifiers;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.dump.node.testing.Configs;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

import com.sun.net.httpserver.HttpServer;

/** What pushes do with a peer that does not answer, and with one that answers with an error. */
public class RecordPushTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final TestNodeIdentity self = new TestNodeIdentity();
    private final String peerId = new TestNodeIdentity().id();
    /** What the peers' standing told the log, in order. */
    private final List<String> news = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PeerStanding standing = new PeerStanding(1, 60, System::nanoTime, () -> 0.5, change -> {
        if (change.news() != null) {
            news.add(change.news());
        }
    }, List::of);
    private RecordPush push;
    private HttpServer server;

    @After
    public void stop() {
        if (push != null) {
            push.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    public void aPeerThatDoesNotAnswerLosesItsQueueAndGetsNoneForAWhile() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FixedPeers peers = new FixedPeers(List.of(peer(URI.create("http://127.0.0.1:" + closedPort + "/"))));
        push = pushTo(peers);
        push.forward(records(3), Map.of(), null);
        awaitTrue(() -> push.absent(peerId));
        assertEquals("what waited for the absent peer is dropped", 0, push.waiting(peerId).records());
        int tries = peers.exchanges();

        push.forward(records(5), Map.of(), null);
        assertEquals("nothing is queued for a peer that just did not answer", 0, push.waiting(peerId).records());
        Thread.sleep(2_500); // the sender looks at its queues every second
        assertEquals("and nothing is sent to it", tries, peers.exchanges());
    }

    @Test
    public void aPeerThatAnswersWithAnErrorKeepsItsQueue() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            attempts.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        push = pushTo(new FixedPeers(List.of(peer(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/")))));
        push.forward(records(3), Map.of(), null);
        awaitTrue(() -> attempts.get() >= 2);
        assertFalse(push.absent(peerId));
        // Between tries the three records wait in the queue again (while a try is under way they are out of it).
        awaitTrue(() -> push.waiting(peerId).records() == 3);
    }

    @Test
    public void aPeerThatDoesNotTakeThisNodeGetsOneTryOneLogLineAndNothingMoreUntilItIsAskedAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            attempts.incrementAndGet();
            PlayedNode.respond(exchange, 401, Map.of("message", "node " + self.id() + " is not a peer of this node"));
        });
        server.start();
        push = pushTo(new FixedPeers(List.of(peer(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/")))));
        push.forward(records(3), Map.of(), null);
        awaitTrue(() -> !standing.mayContact(peerId));
        Thread.sleep(2_500); // the sender looks at its queues every second
        push.forward(records(5), Map.of(), null);
        Thread.sleep(1_500);

        assertEquals("one try, then nothing", 1, attempts.get());
        assertEquals("nothing waits for it: anti-entropy brings it all once it takes this node", 0,
                push.waiting(peerId).records());
        assertEquals(1, news.size());
        assertTrue(news.get(0), news.get(0).contains("does not take this node as its peer")
                && news.get(0).contains("is not a peer of this node"));
    }

    @Test
    public void aPeerThatNeverFinishesItsAnswerDoesNotHoldUpPushesToAnother() throws Exception {
        AtomicInteger quickOnes = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/slow/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                exchange.getResponseBody().write('{');
                exchange.getResponseBody().flush();
                Thread.sleep(15_000);
            } catch (java.io.IOException | InterruptedException e) {
                // the node hung up
            }
        });
        server.createContext("/quick/", exchange -> {
            quickOnes.incrementAndGet();
            PlayedNode.respond(exchange, 200, Map.of("stored", 3));
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Peer slow = peer(URI.create(base + "/slow/"));
        Peer quick = new Peer(URI.create(base + "/quick/"), new TestNodeIdentity().id(), "key", "quick",
                List.of("market@1.0.0"), Instant.now(), null, null, 0, 0, 0, null);
        push = pushTo(new FixedPeers(List.of(slow, quick)));
        push.forward(records(3), Map.of(), null);
        push.forward(records(3), Map.of(), null);
        for (int i = 0; i < 50 && quickOnes.get() == 0; i++) {
            Thread.sleep(100); // 5 s: well within the 10 s a push's answer may take
        }
        assertTrue("the quick peer waited for the slow one", quickOnes.get() > 0);
    }

    @Test
    public void announcementsGoToAPeerBeforeRecordsAndOnlyItsOwnRecordsArePushedToAPeerThatGraftedNothing()
            throws Exception {
        List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/peer/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            PlayedNode.respond(exchange, 200, Map.of("stored", 0));
        });
        server.start();
        push = pushTo(new FixedPeers(List.of(peer(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/peer/")))));
        String other = new TestNodeIdentity().id();
        List<SignedRecord> mixed = new java.util.ArrayList<>(records(2));
        mixed.add(new SignedRecord("market", "listing", Identifiers.random(), other, 7, null, 1, 1, "1.0.0", false,
                "{}", "signature"));
        push.forward(mixed, Map.of(), null);
        awaitTrue(() -> paths.size() >= 2);
        assertEquals(List.of("/peer/federation/announce", "/peer/federation/records"), paths.subList(0, 2));
        assertTrue(bodies.get(0), bodies.get(0).contains("\"" + other + "\":[[7,7]]")
                && !bodies.get(0).contains(self.id()));
        assertTrue("this node's own records are pushed: " + bodies.get(1), bodies.get(1).contains(self.id())
                && !bodies.get(1).contains("\"origin\":\"" + other));
    }

    @Test
    public void writesWaitingForABusyPushThreadStayAtTheirBound() throws Exception {
        push = pushTo(FixedPeers.NONE);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        assertTrue(push.onSender(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        busy.await();
        List<SignedRecord> batch = records(500);
        int batches = (RecordPush.MAX_ROUTING + 1000) / batch.size() + 1;
        for (int i = 0; i < batches; i++) {
            push.written(batch);
        }
        assertEquals("the writes beyond the bound are left to anti-entropy", RecordPush.MAX_ROUTING, push.routing());
        assertEquals("and take no place on the push thread", RecordPush.MAX_ROUTING / batch.size(),
                push.tasksQueued() - 2); // the two periodic tasks: sends and peer refreshes
        release.countDown();
        awaitTrue(() -> push.routing() == 0);
        push.written(batch);
        awaitTrue(() -> push.routing() == 0);
    }

    /** @return the peer at {@code url}, running the market */
    private Peer peer(URI url) {
        return new Peer(url, peerId, "key", "peer", List.of("market@1.0.0"), Instant.now(), null, null, 0, 0, 0, null);
    }

    private RecordPush pushTo(PeerDirectory peers) {
        return new RecordPush(new PeerClient(self), peers, new OriginKeys(self, peers, database.transactions()),
                standing, new Gossip(self.id(), System::nanoTime), limits(8192, 32768));
    }

    /** @return the configuration of pushes with these limits */
    static RecordPush.Config limits(int kilobytesPerPeer, int kilobytesInAll) {
        return Configs.of(RecordPush.Config.class, Map.of("maxKilobytesPerPeer", kilobytesPerPeer,
                "maxKilobytesInAll", kilobytesInAll));
    }

    private List<SignedRecord> records(int count) {
        return IntStream.range(0, count).mapToObj(i -> new SignedRecord("market", "listing", Identifiers.random(),
                self.id(), i + 1, null, 1, 1, "1.0.0", false, "{}", "signature")).toList();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue("not within 10 s", condition.getAsBoolean());
    }
}
