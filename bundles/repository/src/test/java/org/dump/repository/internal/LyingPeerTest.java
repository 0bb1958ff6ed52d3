package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.publisher.Publisher;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.sun.net.httpserver.HttpServer;

/**
 * A peer that serves its repository over real HTTP on loopback and lies: a bundle that is not the one the signed
 * index lists, or an older index than the node holds. The node keeps nothing of it and counts it against the peer.
 */
public class LyingPeerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private HttpServer server;
    /** What the peer answers, by path. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> misbehaviour = new CopyOnWriteArrayList<>();
    private SignedRepositories repositories;
    private Publisher acme;
    private NodeRepository node;

    @Before
    public void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        repositories = new SignedRepositories(folder.newFolder("publishing").toPath());
        acme = repositories.publisher("acme");
        node = new NodeRepository(null, new SignedRepositories.Trust().trust(acme), peers(),
                folder.newFolder("node").toPath());
    }

    @After
    public void stop() {
        server.stop(0);
    }

    @Test
    public void aBundleThatIsNotTheOneTheIndexListsIsRefusedAndCounted() throws Exception {
        Path published = repositories.publish(acme, "r", repositories.module("org.example.market", "1.0.0",
                "market"));
        SignedIndex index = serve(published);
        IndexResource market = index.index().resources().get(0);
        byte[] other = Files.readAllBytes(repositories.module("org.example.market", "1.0.0", "market",
                "Bundle-Description", "not what was published"));
        served.put("/repository/bundles/" + market.sha256() + ".jar", other);

        ModuleRefusedException refused = assertThrows(ModuleRefusedException.class,
                () -> node.bundles().obtain(market, index, InstallProgress.SILENT));

        assertTrue(refused.getMessage(), refused.getMessage().contains("is not the bundle its publisher's index lists"));
        assertEquals(1, misbehaviour.size());
        assertTrue(node.holdings().digests().isEmpty());
    }

    @Test
    public void anOlderIndexFromAPeerIsRefusedAndCounted() throws Exception {
        Path published = repositories.publish(acme, "r", repositories.module("org.example.market", "1.0.0",
                "market"));
        byte[] oldIndex = Files.readAllBytes(published.resolve("index.xml"));
        byte[] oldSignature = Files.readAllBytes(published.resolve("index.xml.sig"));
        repositories.publish(acme, "r", repositories.module("org.example.market", "1.1.0", "market"));
        node.importRepository(published.toUri(), InstallProgress.SILENT);
        // The peer claims a newer index than the node's, and serves the old one.
        String fingerprint = acme.keyPair().publicKey().fingerprint();
        served.put("/repository", ("{\"publishers\":[{\"fingerprint\":\"" + fingerprint + "\",\"increment\":"
                + Long.MAX_VALUE + "}],\"bundles\":[]}").getBytes(StandardCharsets.UTF_8));
        served.put("/repository/" + fingerprint + "/index.xml", oldIndex);
        served.put("/repository/" + fingerprint + "/index.xml.sig", oldSignature);

        node.readPeers();

        assertEquals(1, misbehaviour.size());
        assertTrue(misbehaviour.get(0), misbehaviour.get(0).contains("older than the one this node holds"));
        assertEquals(2, node.available().size());
    }

    /** Serves a published repository's index as the peer's, and returns it as the node checks it. */
    private SignedIndex serve(Path published) throws Exception {
        byte[] xml = Files.readAllBytes(published.resolve("index.xml"));
        byte[] signature = Files.readAllBytes(published.resolve("index.xml.sig"));
        SignedIndex index = SignedIndex.verify(xml, signature, new SignedRepositories.Trust().trust(acme), "test");
        served.put("/repository", ("{\"publishers\":[{\"fingerprint\":\"" + index.fingerprint() + "\",\"increment\":"
                + index.increment() + "}],\"bundles\":[\"" + index.index().resources().get(0).sha256() + "\"]}")
                .getBytes(StandardCharsets.UTF_8));
        served.put("/repository/" + index.fingerprint() + "/index.xml", xml);
        served.put("/repository/" + index.fingerprint() + "/index.xml.sig", signature);
        return index;
    }

    /** One peer, the lying one; what is counted against it is kept in {@link #misbehaviour}. */
    private PeerDirectory peers() throws IOException {
        Peer liar = new Peer(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "liar", "key",
                "Liar", List.of("market"), Instant.now(), Instant.now(), null, 0, 0, 0, null);
        return (PeerDirectory) Proxy.newProxyInstance(PeerDirectory.class.getClassLoader(),
                new Class<?>[] {PeerDirectory.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> List.of(liar);
                    case "misbehaved" -> {
                        misbehaviour.add((String) args[2]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
