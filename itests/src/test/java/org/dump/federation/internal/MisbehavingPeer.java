package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.internal.reconcile.Run;
import org.dump.itests.support.Api;
import org.dump.itests.support.FakePeer;
import org.dump.node.record.SignedRecord;

/**
 * A node that a real node takes as its peer, and that then lies: a {@link FakePeer} named Mallory (front door on
 * loopback, so {@code dump:peer-add} pins its key; signed requests), which sends records in the federation's own
 * wire format ({@link WireRecords}), and when asked for records breaks off in the middle of its answer.
 * It lives in the federation's package to use its wire format; the multi-node tests drive it.
 */
public final class MisbehavingPeer implements AutoCloseable {

    private final FakePeer fake = new FakePeer("Mallory");

    public MisbehavingPeer() throws IOException {
        // It claims records of its own (anti-entropy finds them), and asked for them it promises a large answer and
        // stops answering a few bytes into it.
        fake.claims(List.of(new Run(fake.id(), 1, 10)));
        fake.answer("/federation/versions", (exchange, body) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1_000_000);
            exchange.getResponseBody().write("{\"records\":[{\"module\":\"market\",".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.close();
        });
    }

    public String url() {
        return fake.url().toString();
    }

    public String id() {
        return fake.id();
    }

    /**
     * @return the records of the market that {@code node} holds, as a peer that has seen none learns them: it
     *         reconciles, then asks for every version the node has seen (§7.7)
     */
    public List<SignedRecord> recordsOf(String node) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = post(node, "federation/versions", Api.JSON.writeValueAsBytes(Map.of(
                "module", "market", "dataVersion", "1.0.0", "versions", fake.versionsSeenBy(URI.create(node)))));
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
        return record.withSignature(Base64.getEncoder().encodeToString(fake.sign(record.signedBytes())));
    }

    public Ed25519PublicKey publicKey() {
        return Ed25519PublicKey.fromBase64(fake.publicKey());
    }

    private HttpResponse<byte[]> post(String node, String path, byte[] body) throws IOException, InterruptedException {
        return fake.send(URI.create(node), path, body, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        fake.close();
    }
}
