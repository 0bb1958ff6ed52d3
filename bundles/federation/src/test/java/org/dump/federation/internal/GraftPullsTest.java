package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.dump.federation.Peer;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

/** Pulls of announced records are bounded: while as many as the bound are under way, no more are made. */
public class GraftPullsTest {

    private static final int PEERS = 20;
    private static final int MOST = 5;

    private final TestNodeIdentity self = new TestNodeIdentity();
    private final PeerClient client = new PeerClient(self);
    private final AtomicInteger asked = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private HttpServer server;
    private GraftPulls pulls;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/federation/versions", exchange -> {
            asked.incrementAndGet();
            try {
                answer.await(30, TimeUnit.SECONDS); // a peer slow to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stop() {
        answer.countDown();
        if (pulls != null) {
            pulls.stop();
        }
        client.stop();
        server.stop(0);
    }

    @Test
    public void noMorePullsThanTheBoundAreUnderWayAndTheirPlacesComeBack() throws Exception {
        Gossip gossip = new Gossip(self.id(), System::nanoTime);
        List<Peer> peers = new ArrayList<>();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        for (int i = 0; i < PEERS; i++) {
            String peer = new TestNodeIdentity().id();
            peers.add(new Peer(url, peer, "key", "peer " + i, List.of("market@1.0.0"), Instant.now(), null, null, 0,
                    0, 0, null));
            // Each peer announces a record of an origin no peer pushes here: pulled at once.
            gossip.announced(peer, "market", "1.0.0", Map.of(new TestNodeIdentity().id(), List.of(new Range(1, 1))),
                    10);
        }
        PeerStanding standing = new PeerStanding(1, 60, System::nanoTime, () -> 0.5, change -> {
        }, List::of);
        pulls = new GraftPulls(gossip, client, new FixedPeers(peers), standing, null, lacksAll(), MOST);

        awaitTrue(() -> asked.get() == MOST);
        Thread.sleep(4 * GraftPulls.TICK.toMillis());
        assertEquals("the others are not asked while the bound is reached", MOST, asked.get());
        assertEquals(MOST, pulls.pending());

        answer.countDown();
        awaitTrue(() -> pulls.pending() == 0);
    }

    /** @return an inventory that has seen nothing */
    private static RecordInventory lacksAll() {
        return (RecordInventory) Proxy.newProxyInstance(GraftPullsTest.class.getClassLoader(),
                new Class<?>[] {RecordInventory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unseen")) {
                        return args[1];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertEquals("not within 10 s", true, condition.getAsBoolean());
    }
}
