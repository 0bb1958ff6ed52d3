package org.dump.repository.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;

import com.sun.net.httpserver.HttpServer;

/**
 * A peer node for the tests, over real HTTP on loopback: it answers what {@link #served} holds for a path (404
 * otherwise), as a node serves its repository at {@code /repository} and says what it runs at {@code /api/node}.
 * What it serves can be made to lie.
 */
final class PeerServer implements AutoCloseable {

    /** What the peer answers, by path. */
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final String id;

    PeerServer(String id) throws IOException {
        this.id = id;
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
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** @return this peer as the node's peer directory lists it */
    Peer peer() {
        return peer(id, url());
    }

    static Peer peer(String id, URI url) {
        return new Peer(url, id, "key", id.toUpperCase(java.util.Locale.ROOT), List.of("market@1.0.0"),
                Instant.now(), Instant.now(), null, 0, 0, 0, null);
    }

    /**
     * Serves a published repository as this peer's: its listing (the index's publisher and increment, every
     * bundle), the index and its signature, and the bundles by digest.
     */
    SignedIndex serve(Path published, SignedRepositories.Trust trust) throws Exception {
        byte[] xml = Files.readAllBytes(published.resolve("index.xml"));
        byte[] signature = Files.readAllBytes(published.resolve("index.xml.sig"));
        SignedIndex index = SignedIndex.verify(xml, signature, trust, "test");
        List<String> digests = new ArrayList<>();
        for (IndexResource resource : index.index().resources()) {
            Object url = resource.getCapabilities(IndexResource.CONTENT_NAMESPACE).get(0).getAttributes().get("url");
            Path bundle = published.resolve(url.toString());
            if (Files.isRegularFile(bundle)) {
                served.put("/repository/bundles/" + resource.sha256() + ".jar", Files.readAllBytes(bundle));
            }
            digests.add("\"" + resource.sha256() + "\"");
        }
        list(index.fingerprint(), index.increment(), digests);
        served.put("/repository/" + index.fingerprint() + "/index.xml", xml);
        served.put("/repository/" + index.fingerprint() + "/index.xml.sig", signature);
        return index;
    }

    /** The peer's {@code GET /repository}: one publisher's index at that increment, and the bundles given. */
    void list(String fingerprint, long increment, List<String> quotedDigests) {
        served.put("/repository", ("{\"publishers\":[{\"fingerprint\":\"" + fingerprint + "\",\"increment\":"
                + increment + "}],\"bundles\":[" + String.join(",", quotedDigests) + "]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The peer's {@code GET /api/node} says it runs these modules, given as id and version in pairs. */
    void announce(String... idsAndVersions) {
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < idsAndVersions.length; i += 2) {
            modules.add("{\"id\":\"" + idsAndVersions[i] + "\",\"version\":\"" + idsAndVersions[i + 1]
                    + "\",\"dataVersion\":\"1.0.0\"}");
        }
        served.put("/api/node", ("{\"id\":\"" + id + "\",\"modules\":[" + modules.stream()
                .collect(Collectors.joining(",")) + "]}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A peer directory of these peers; what is counted against each is kept in {@code misbehaviour}. */
    static PeerDirectory directory(List<Peer> peers, List<String> misbehaviour) {
        return (PeerDirectory) Proxy.newProxyInstance(PeerDirectory.class.getClassLoader(),
                new Class<?>[] {PeerDirectory.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> List.copyOf(peers);
                    case "misbehaved" -> {
                        misbehaviour.add(args[0] + ": " + args[2]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static List<String> misbehaviour() {
        return new CopyOnWriteArrayList<>();
    }
}
