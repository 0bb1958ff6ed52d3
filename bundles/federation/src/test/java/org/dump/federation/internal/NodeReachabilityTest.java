package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.dump.api.node.LocalNode;
import org.dump.federation.Reachability;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.dump.node.testing.Configs;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A node finds out whether it can be reached by asking its peers to dial it back; one that cannot attaches to a peer
 * that relays (its administrator's first), advertises its address there, and moves to the next relay when one goes.
 * The peers here are small servers of the test's speaking protocol §13; the node's own parts are real.
 */
public class NodeReachabilityTest {

    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder, JpaPeerDirectory.UNIT);
    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private PlayedNode x;
    private NodeReachability reachability;
    private final AtomicBoolean reachable = new AtomicBoolean();

    /** A peer of X: its front door, dial-backs (answering {@link #reachable}), and relaying if it offers it. */
    private final class Peer implements AutoCloseable {
        final TestNodeIdentity identity = new TestNodeIdentity();
        final HttpServer server;
        final URI url;

        Peer(boolean relays) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            server.createContext("/api/node", exchange -> reply(exchange, 200, Map.of("id", identity.id(),
                    "publicKey", identity.publicKey().base64(), "name", "P", "version", "0.1.0", "protocol",
                    org.dump.federation.FederationProtocol.VERSION, "modules", List.of(), "relay",
                    Map.of("offered", relays, "clients", 0))));
            server.createContext("/relay/dial-back", exchange -> reply(exchange, 200, Map.of("reachable",
                    reachable.get(), "message", reachable.get() ? "reached it" : "cannot reach it")));
            server.createContext("/relay/attach", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (!relays) {
                    reply(exchange, 403, Map.of("message", "this node does not relay"));
                    return;
                }
                sleep(100);
                reply(exchange, 200, Map.of("requests", List.of()));
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Before
    public void node() throws IOException {
        x = new PlayedNode("X", database);
    }

    @After
    public void stop() {
        if (reachability != null) {
            reachability.stop();
        }
        x.close();
    }

    private NodeReachability start(String mode) {
        PeerClient client = new PeerClient(x.identity, x.contacts);
        LocalNode local = new LocalNode() {
            @Override
            public String id() {
                return x.id();
            }

            @Override
            public String name() {
                return "X";
            }

            @Override
            public URI publicBaseUrl() {
                return x.url;
            }

            @Override
            public String softwareVersion() {
                return "0.1.0";
            }
        };
        NodeReachability.Config config = Configs.of(NodeReachability.Config.class,
                Map.of("reachability", mode, "recheckMinutes", 10));
        reachability = new NodeReachability(x.identity, x.directory, client,
                new LocalDoor(client, () -> x.url), new AdvertisedAddress(local, x.identity), x.peering, config);
        return reachability;
    }

    @Test
    public void aNodeThatPeersReachIsDirect() throws Exception {
        reachable.set(true);
        try (Peer peer = new Peer(true)) {
            x.directory.add(peer.url);
            Reachability.Report report = await(start("auto"), r -> r.mode() == Reachability.Mode.DIRECT);
            assertEquals(x.url, report.address());
            assertEquals(List.of(), report.relays());
            assertTrue(report.note(), report.note().contains("reached at " + x.url));
        }
    }

    @Test
    public void aNodeThatPeersCannotReachIsRelayedByItsAdministratorsPeerFirstThenTheNext() throws Exception {
        try (Peer plain = new Peer(false); Peer first = new Peer(true); Peer second = new Peer(true)) {
            x.directory.add(plain.url);
            x.directory.add(first.url);
            x.directory.add(second.url);
            NodeReachability node = start("auto");
            Reachability.Report report = await(node, r -> r.mode() == Reachability.Mode.RELAYED);
            assertEquals(List.of(first.url), report.relays());
            assertEquals(URI.create(first.url + "relay/" + x.id() + "/"), report.address());
            AddressStatement said = new AddressStatement(report.address(), report.issued().getEpochSecond(),
                    report.addressSignature());
            assertTrue("the node signs its address", said.declares(x.identity.publicKey(), report.address()));

            first.close(); // the relay's process is gone
            report = await(node, r -> r.relays().equals(List.of(second.url)));
            assertEquals(URI.create(second.url + "relay/" + x.id() + "/"), report.address());
        }
    }

    @Test
    public void aNodeNoPeerRelaysForIsUnreachableAndSaysWhy() throws Exception {
        try (Peer plain = new Peer(false)) {
            x.directory.add(plain.url);
            Reachability.Report report = await(start("auto"), r -> r.mode() == Reachability.Mode.UNREACHABLE
                    && r.note().startsWith("no peer relays"));
            assertEquals(x.url, report.address());
        }
    }

    @Test
    public void directMeansNeverRelayed() throws Exception {
        try (Peer relay = new Peer(true)) {
            x.directory.add(relay.url);
            Reachability.Report report = await(start("direct"), r -> r.mode() == Reachability.Mode.DIRECT);
            assertTrue(report.note(), report.note().contains("reachability = direct"));
        }
    }

    private static Reachability.Report await(NodeReachability node, Predicate<Reachability.Report> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Reachability.Report report = node.report();
        while (!wanted.test(report) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            report = node.report();
        }
        assertTrue("not yet: " + report, wanted.test(report));
        return report;
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
