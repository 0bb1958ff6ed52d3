package org.dump.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.dump.crypto.CanonicalBytes;
import org.dump.crypto.Ed25519KeyPair;
import org.dump.federation.internal.reconcile.Findings;
import org.dump.federation.internal.reconcile.Limits;
import org.dump.federation.internal.reconcile.MalformedReconciliation;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.VersionRuns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A node that lies, for tests of what a real node does with a hostile peer. It is written from docs/protocol.md, not
 * from the node's classes: its own key (id = fingerprint), a front door ({@code GET /api/node}) naming the modules it
 * claims to run, signed requests (§6) and signed records (§5.2) of any content, and answers to the node's requests
 * that a test chooses per endpoint ({@link #answer}). Only its reconciliation messages (§7.7) are the federation's
 * own reconciliation core, whose encoding its unit tests hold to §7.7. It listens on the loopback interface unless
 * a test names another address.
 */
public final class FakePeer implements AutoCloseable {

    /** What the fake peer answers to one request of the node. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange, byte[] body) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RECORD_ID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

    private final Ed25519KeyPair key = Ed25519KeyPair.generate();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** What paths without an answer of their own get; null: 404. */
    private volatile Answer otherwise;
    /** The requests the node sent, in order. */
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Whether every answer ends its connection ({@link #closeEachConnection}). */
    private volatile boolean closeEach;
    /** What this fake says it has seen, when a node reconciles with it. */
    private volatile VersionRuns seen = VersionRuns.of(List.of());

    /** One request the node sent to this fake: its path and body. */
    public record Received(String path, byte[] body) {
    }

    /** Starts a fake peer that claims to run the market (data version 1.0.0) and takes every request with 200. */
    public FakePeer(String name) throws IOException {
        this(name, "127.0.0.1");
    }

    /** As {@link #FakePeer(String)}, listening on {@code address}, e.g. a {@link NodeNetwork}'s gateway. */
    public FakePeer(String name, String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
        answer("/api/node", (exchange, body) -> json(exchange, 200, Map.of("id", id(), "publicKey", publicKey(),
                "name", name, "version", "fake", "protocol", 4, "publicBaseUrl", url().toString(),
                "modules", List.of(Map.of("id", "market", "version", "1.0.0", "dataVersion", "1.0.0")))));
        answer("/federation/hello", (exchange, body) -> json(exchange, 200,
                Map.of("outcome", "taken", "message", "taken as a peer")));
        answer("/federation/peers", (exchange, body) -> json(exchange, 200, Map.of("peers", List.of())));
        answer("/federation/records", (exchange, body) -> json(exchange, 200, Map.of("stored", 0)));
        answer("/federation/announce", (exchange, body) -> json(exchange, 200, Map.of("lacked", 0)));
        answer("/federation/reconcile", (exchange, body) -> json(exchange, 200, Map.of("message",
                Base64.getEncoder().encodeToString(reconcileAnswer(body)))));
        answer("/federation/versions", (exchange, body) -> json(exchange, 200, Map.of()));
        answer("/federation/modules", (exchange, body) -> json(exchange, 200, Map.of()));
    }

    /** @return the node id: the fingerprint of this fake's key */
    public String id() {
        return key.publicKey().fingerprint();
    }

    public String publicKey() {
        return key.publicKey().base64();
    }

    /** @return where the fake answers, e.g. {@code http://127.0.0.1:40123/} */
    public URI url() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/");
    }

    /** Sets what the fake answers at {@code path}. */
    public FakePeer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Sets what the fake answers at every path but {@code kept}, including paths that had no answer before. */
    public FakePeer answerAllBut(String kept, Answer answer) {
        answers.replaceAll((path, old) -> path.equals(kept) ? old : answer);
        otherwise = answer;
        return this;
    }

    /**
     * Makes every answer from now on end its connection ({@code Connection: close}), so that each open connection
     * to this fake is one request that has not been answered yet: what a test counts to see calls end.
     */
    public FakePeer closeEachConnection() {
        closeEach = true;
        return this;
    }

    /** @return the paths the node asked for, in order */
    public List<String> received() {
        return received.stream().map(Received::path).toList();
    }

    /** @return the bodies of the node's requests to {@code path}, in order */
    public List<byte[]> bodiesAt(String path) {
        return received.stream().filter(request -> request.path().equals(path)).map(Received::body).toList();
    }

    /**
     * Sets the versions this fake says it has seen, as its answers at {@code /federation/reconcile} tell them (none
     * at first). What it gives when asked for them is its answer at {@code /federation/versions}.
     */
    public FakePeer claims(List<Run> seen) {
        this.seen = VersionRuns.of(seen);
        return this;
    }

    /** @return the answer of a node that has seen {@link #claims} to the reconciliation message in {@code body} */
    private byte[] reconcileAnswer(byte[] body) throws IOException {
        byte[] message = Base64.getDecoder().decode(Api.JSON.readTree(body).path("message").asText());
        try {
            return Reconciliation.answer(seen, Limits.DEFAULT, message);
        } catch (MalformedReconciliation e) {
            throw new IOException(e);
        }
    }

    /**
     * Reconciles with {@code node} as a peer that has seen {@code mine} (§7.7).
     *
     * @return what each lacks
     */
    public Findings reconcile(URI node, List<Run> mine) throws IOException {
        try {
            return Reconciliation.run(VersionRuns.of(mine), Limits.DEFAULT, message -> {
                HttpResponse<String> answer;
                try {
                    answer = post(node, "federation/reconcile", Api.JSON.writeValueAsBytes(Map.of("module", "market",
                            "dataVersion", "1.0.0", "message", Base64.getEncoder().encodeToString(message))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (answer.statusCode() != 200) {
                    throw new IOException("HTTP " + answer.statusCode() + ": " + answer.body());
                }
                return Base64.getDecoder().decode(Api.JSON.readTree(answer.body()).path("message").asText());
            }).findings();
        } catch (MalformedReconciliation e) {
            throw new IOException(e);
        }
    }

    /** @return the versions {@code node} has seen of the market, as a peer that has seen nothing learns them */
    public Map<String, List<List<Long>>> versionsSeenBy(URI node) throws IOException {
        Map<String, List<List<Long>>> seenThere = new TreeMap<>();
        for (Run run : reconcile(node, List.of()).weLack()) {
            seenThere.computeIfAbsent(run.origin(), o -> new ArrayList<>()).add(List.of(run.from(), run.to()));
        }
        return seenThere;
    }

    /** Asks {@code node} for the market's {@code versions} (§7.7), {@code {"<origin>":[[from,to],…]}}. */
    public HttpResponse<String> versions(URI node, Map<String, List<List<Long>>> versions) throws IOException,
            InterruptedException {
        return post(node, "federation/versions", Api.JSON.writeValueAsBytes(Map.of("module", "market",
                "dataVersion", "1.0.0", "versions", versions)));
    }

    /** Says hello to {@code node}, asking to be taken as its peer (§7.4). */
    public HttpResponse<String> hello(URI node) throws IOException, InterruptedException {
        return post(node, "federation/hello", Api.JSON.writeValueAsBytes(Map.of("url", url().toString())));
    }

    /** Pushes {@code records} to {@code node}, with this fake's key as the key of every origin in them (§7.1). */
    public HttpResponse<String> push(URI node, List<Map<String, Object>> records) throws IOException,
            InterruptedException {
        return post(node, "federation/records", Api.JSON.writeValueAsBytes(Map.of("records", records,
                "originKeys", Map.of(id(), publicKey()))));
    }

    /** Sends {@code body} to {@code path} of {@code node}, signed as §6 says. */
    public HttpResponse<String> post(URI node, String path, byte[] body) throws IOException, InterruptedException {
        return send(node, path, body, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code body} to {@code path} of {@code node}, signed as §6 says, and reads the answer with {@code reader}. */
    public <T> HttpResponse<T> send(URI node, String path, byte[] body, HttpResponse.BodyHandler<T> reader)
            throws IOException, InterruptedException {
        return client.send(request(node, path, body, System.currentTimeMillis() / 1000), reader);
    }

    /** @return a POST of {@code body} to {@code path} of {@code node}, signed at {@code created} (epoch seconds) */
    public HttpRequest request(URI node, String path, byte[] body, long created) {
        URI target = node.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signatureHeaders(target, body, created).forEach(request::header);
        return request.build();
    }

    /** @return this fake's Ed25519 signature of {@code bytes} */
    public byte[] sign(byte[] bytes) {
        return key.sign(bytes);
    }

    /** @return Content-Digest, Signature-Input and Signature of a POST of {@code body} to {@code target} */
    public Map<String, String> signatureHeaders(URI target, byte[] body) {
        return signatureHeaders(target, body, System.currentTimeMillis() / 1000);
    }

    /** As {@link #signatureHeaders(URI, byte[])}, with any {@code created} (epoch seconds) and a new random nonce. */
    public Map<String, String> signatureHeaders(URI target, byte[] body, long created) {
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        String params = "(\"@method\" \"@target-uri\" \"content-digest\");created=" + created
                + ";keyid=\"" + id() + "\";nonce=\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)
                + "\";alg=\"ed25519\"";
        String base = "\"@method\": POST\n\"@target-uri\": " + target + "\n\"content-digest\": " + digest
                + "\n\"@signature-params\": " + params;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Digest", digest);
        headers.put("Signature-Input", "dump=" + params);
        headers.put("Signature", "dump=:" + Base64.getEncoder().encodeToString(
                key.sign(base.getBytes(StandardCharsets.UTF_8))) + ":");
        return headers;
    }

    /** @return a live market record of this fake's, signed by it (§5.2), with {@code payload} as its JSON text */
    public Map<String, Object> record(String type, String recordId, long sequence, String payload) {
        long now = System.currentTimeMillis();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("module", "market");
        record.put("type", type);
        record.put("id", recordId);
        record.put("origin", id());
        record.put("sequence", sequence);
        record.put("author", null);
        record.put("createdMillis", now);
        record.put("updatedMillis", now);
        record.put("dataVersion", "1.0.0");
        record.put("deleted", false);
        record.put("payload", payload);
        byte[] signed = new CanonicalBytes("DUMP-RECORD-1").add("market").add(type).add(recordId).add(id())
                .add(sequence).add((String) null).add(now).add(now).add("1.0.0").add(false).add(payload)
                .toByteArray();
        record.put("signature", Base64.getEncoder().encodeToString(key.sign(signed)));
        return record;
    }

    /** @return a new record id: 26 characters of [a-z2-7] */
    public static String newRecordId() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(RECORD_ID_ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return id.toString();
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Api.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.add(new Received(path, body));
        if (closeEach) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        Answer answer = answers.getOrDefault(path, otherwise);
        if (answer == null) {
            json(exchange, 404, Map.of("message", "no such endpoint on the fake peer"));
            return;
        }
        try {
            answer.answer(exchange, body);
        } finally {
            exchange.close();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
