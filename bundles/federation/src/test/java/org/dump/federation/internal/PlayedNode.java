package org.dump.federation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.dump.node.testing.FixedModules;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A node of the peering tests, minus OSGi and Karaf: its own key, its own Derby database (the federation's real
 * persistence unit), the federation's real peering parts wired as DS would, and a JDK HTTP server on loopback that
 * serves its front door ({@code GET /api/node}) and the endpoints under test ({@code POST /federation/hello},
 * {@code /federation/modules}, and {@code /federation/records}, which takes any signed push of a peer).
 */
final class PlayedNode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final TestNodeIdentity identity = new TestNodeIdentity();
    final String name;
    final HttpServer server;
    final URI url;
    final JpaPeerDirectory directory;
    final JpaPeerRequests requests;
    final PeerStanding standing;
    final PeerAdmission admission;
    final MutualPeering peering;
    final ModuleNewsEndpoint moduleNews;
    /** What the modules this node runs are: id → data version. */
    final Map<String, String> running = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicBoolean wantsPeers = new AtomicBoolean(true);
    /** The time its peer view reads (milliseconds), moved by the test. */
    final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    /** Where its HTTP client notes who answered, for its peer view. */
    final PeerContacts contacts = new PeerContacts(new PeerView(), millis::get);
    /** The peers it caught up with (or would have), in order. */
    final List<String> caughtUpWith = new CopyOnWriteArrayList<>();
    /** What its peers' standing told the log. */
    final List<String> news = new CopyOnWriteArrayList<>();
    /** Signed pushes accepted from peers: their senders. */
    final List<String> pushesFrom = new CopyOnWriteArrayList<>();

    PlayedNode(String name, NodeDatabase database) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        directory = new JpaPeerDirectory(database.transactions(), identity,
                new NodeFrontDoor(new PeerClient(identity, contacts), Duration.ofSeconds(5)), Clock.systemUTC());
        requests = new JpaPeerRequests(database.transactions(), Clock.systemUTC());
        standing = new PeerStanding(1, 4, System::nanoTime, () -> 0.5, change -> {
            if (change.news() != null) {
                news.add(change.news());
            }
            directory.mutuality(change.nodeId(), change.mutuality(), change.note());
        }, () -> directory.list());
        PeerLimits limits = new PeerLimits(1000, 1 << 30, System::nanoTime);
        admission = new PeerAdmission(directory, requests, standing, limits, wantsPeers::get, caughtUpWith::add);
        peering = new MutualPeering(directory, requests, standing, new PeerClient(identity, contacts), () -> url,
                caughtUpWith::add, Duration.ofHours(1));
        moduleNews = new ModuleNewsEndpoint(directory, modules(), limits, caughtUpWith::add);
        RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
        ReplayGuard replays = new ReplayGuard(Clock.systemUTC(), 1000);
        server.createContext("/api/node", exchange -> respond(exchange, 200, card()));
        server.createContext("/federation/hello", exchange -> {
            PeerAdmission.Answer answer = admission.answer(exchange.getRequestHeaders()::getFirst,
                    exchange.getRequestMethod(), target(exchange), body(exchange), "127.0.0.1");
            respond(exchange, answer.status(), answer.body());
        });
        server.createContext("/federation/modules", exchange -> {
            ModuleNewsEndpoint.Answer answer = moduleNews.answer(exchange.getRequestHeaders()::getFirst,
                    exchange.getRequestMethod(), target(exchange), body(exchange), "127.0.0.1");
            respond(exchange, answer.status(), answer.body());
        });
        server.createContext("/federation/records", exchange -> {
            try {
                String sender = signatures.verify(exchange.getRequestHeaders()::getFirst, "POST", target(exchange),
                        body(exchange), id -> directory.find(id).map(p -> org.dump.crypto.Ed25519PublicKey
                                .fromBase64(p.publicKey())), replays);
                pushesFrom.add(sender);
                respond(exchange, 200, Map.of("stored", 0));
            } catch (RequestSignatures.Refused refused) {
                respond(exchange, 401, Map.of("message", refused.getMessage()));
            }
        });
        server.start();
    }

    String id() {
        return identity.id();
    }

    /** @return this node's modules as the node's registry would give them */
    ModuleRegistry modules() {
        return new FixedModules(() -> running.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new RunningModule(e.getKey(), Version.parseVersion(e.getValue()), 1, "module." + e.getKey(),
                        Version.parseVersion("1.0.0"))).toList());
    }

    private Map<String, Object> card() {
        return Map.of("id", identity.id(), "publicKey", identity.publicKey().base64(), "name", name, "version", "0.1.0",
                "protocol", org.dump.federation.FederationProtocol.VERSION, "publicBaseUrl", url.toString(), "modules", running.entrySet().stream()
                        .map(e -> Map.of("id", e.getKey(), "dataVersion", e.getValue())).toList());
    }

    private URI target(HttpExchange exchange) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI());
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        peering.stop();
        server.stop(0);
    }

    @Override
    public String toString() {
        return name + " " + id() + " at " + url;
    }
}
