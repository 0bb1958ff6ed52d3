package org.dump.federation.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.TestNodeIdentity;

import com.sun.net.httpserver.HttpServer;

/**
 * A node that a real node takes as its peer, and that then lies: it answers GET /api/node on loopback like a
 * node running the market (so {@code dump:peer-add} pins its key), and signs its federation requests with its own
 * key exactly as a node does (the federation bundle's own {@link RequestSignatures}), but what it sends is forged,
 * and when asked for records it breaks off in the middle of its answer.
 * It lives in the federation's package to use its wire format; the multi-node tests drive it.
 */
public final class MisbehavingPeer implements AutoCloseable {

    private final TestNodeIdentity identity = new TestNodeIdentity();
    private final HttpServer server;
    private final RequestSignatures signatures = new RequestSignatures(Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public MisbehavingPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/node", exchange -> {
            byte[] card = ("{\"id\":\"" + identity.id() + "\",\"publicKey\":\"" + identity.publicKey().base64()
                    + "\",\"name\":\"Mallory\",\"version\":\"0.1.0\",\"modules\":[{\"id\":\"market\","
                    + "\"dataVersion\":\"1.0.0\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, card.length);
            exchange.getResponseBody().write(card);
            exchange.close();
        });
        // Asked what it has (anti-entropy), it promises a large answer and stops answering a few bytes into it.
        server.createContext("/federation/summary", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1_000_000);
            exchange.getResponseBody().write("{\"records\":[{\"module\":\"market\",".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public String id() {
        return identity.id();
    }

    /** @return the records of the market that {@code node} holds, asked for with an empty summary, as a peer would */
    public List<SignedRecord> recordsOf(String node) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = post(node, "federation/summary",
                "{\"module\":\"market\",\"dataVersion\":\"1.0.0\",\"origins\":{}}".getBytes(StandardCharsets.UTF_8));
        if (answer.statusCode() != 200) {
            throw new IOException("HTTP " + answer.statusCode() + ": " + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return WireRecords.decode(answer.body()).records();
    }

    /**
     * Pushes {@code records} to {@code node}, giving {@code keys} as the origins' keys.
     *
     * @return the node's answer: status and body
     */
    public HttpResponse<byte[]> push(String node, List<SignedRecord> records, Map<String, Ed25519PublicKey> keys)
            throws IOException, InterruptedException {
        return post(node, "federation/records", WireRecords.encode(records, keys, null));
    }

    /** @return {@code record} with this peer's signature instead of its origin's */
    public SignedRecord signedByMe(SignedRecord record) {
        return record.withSignature(java.util.Base64.getEncoder().encodeToString(identity.sign(
                record.signedBytes())));
    }

    public Ed25519PublicKey publicKey() {
        return identity.publicKey();
    }

    private HttpResponse<byte[]> post(String node, String path, byte[] body) throws IOException, InterruptedException {
        URI target = URI.create(node).resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signatures.sign(identity, "POST", target, body).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
