package org.dump.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small client of a node's REST API over real HTTP on the loopback interface ({@code http://127.0.0.1:PORT/api/}),
 * with nothing between the test and the node: the test sees the status, headers and bytes the node sent.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String SESSION_COOKIE = "DUMP_SESSION";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final HttpClient client;
    private final URI base;

    public Api(int httpPort) {
        this("127.0.0.1", httpPort);
    }

    /** A client of the node that listens on {@code address} (an IPv4 address), e.g. in a network namespace. */
    public Api(String address, int httpPort) {
        this.base = URI.create("http://" + address + ":" + httpPort + "/api/");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * A client of the node's API at {@code base} (its public address, e.g. {@code https://localhost:8443/} in front
     * of which a reverse proxy answers), trusting the certificates {@code tls} trusts.
     */
    public Api(URI base, javax.net.ssl.SSLContext tls) {
        this.base = base.resolve("api/");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI base() {
        return base;
    }

    public Call get(String path) {
        return new Call("GET", path);
    }

    public Call post(String path) {
        return new Call("POST", path);
    }

    public Call put(String path) {
        return new Call("PUT", path);
    }

    public Call delete(String path) {
        return new Call("DELETE", path);
    }

    /**
     * Polls {@code GET /api/node} until it answers 200.
     *
     * @return the node's answer
     * @throws AssertionError if it does not within {@code timeout}
     */
    public JsonNode awaitNode(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                Reply reply = get("node").send();
                if (reply.status() == 200) {
                    return reply.json();
                }
                last = reply.toString();
            } catch (UncheckedIOException e) {
                last = e.getCause().toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET " + base + "node did not answer 200 within " + timeout + "; last: " + last);
    }

    /** @return true if nothing listens on the node's HTTP port any more (connection refused) */
    public boolean refusesConnections() {
        try {
            get("node").send();
            return false;
        } catch (UncheckedIOException e) {
            return e.getCause() instanceof ConnectException;
        }
    }

    /** Signs in through {@code POST /api/session}, failing the test unless the node answers 200 with a session. */
    public Session signIn(String username, String password) {
        Reply reply = post("session").json(object("username", username, "password", password)).send();
        if (reply.status() != 200) {
            throw new AssertionError("sign-in of '" + username + "' failed: " + reply);
        }
        String cookie = reply.cookie(SESSION_COOKIE)
                .orElseThrow(() -> new AssertionError("no " + SESSION_COOKIE + " cookie in " + reply.headers()));
        String token = cookie.split(";", 2)[0].substring(SESSION_COOKIE.length() + 1);
        return new Session(username, token, reply.json().path("csrfToken").asText(null), cookie);
    }

    /** A JSON object of name/value pairs, in order; values are written by Jackson, so quotes are escaped. */
    public static String object(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A signed-in browser session.
     *
     * @param token      the value of the session cookie
     * @param csrfToken  what the node said must come back in {@value #CSRF_HEADER}
     * @param setCookie  the whole Set-Cookie header the node sent
     */
    public record Session(String username, String token, String csrfToken, String setCookie) {
    }

    /** One request, built step by step and sent with {@link #send()}. */
    public final class Call {

        private final String method;
        private final String path;
        private final List<String[]> headers = new ArrayList<>();
        private BodyPublisher body = BodyPublishers.noBody();

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Call basic(String username, String password) {
            String credentials = username + ":" + password;
            return header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }

        /** The session cookie only: a change made like this lacks the CSRF token. */
        public Call cookie(Session session) {
            return header("Cookie", SESSION_COOKIE + "=" + session.token());
        }

        /** The session cookie and its CSRF token, as the node's own pages send them. */
        public Call session(Session session) {
            return cookie(session).header(CSRF_HEADER, session.csrfToken());
        }

        public Call json(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        public Call body(byte[] bytes, String contentType) {
            header("Content-Type", contentType);
            body = BodyPublishers.ofByteArray(bytes);
            return this;
        }

        /** @throws UncheckedIOException if the node cannot be reached or the connection breaks */
        public Reply send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body);
            for (String[] header : headers) {
                request.header(header[0], header[1]);
            }
            try {
                HttpResponse<byte[]> response = client.send(request.build(), BodyHandlers.ofByteArray());
                return new Reply(method + " " + path, response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + base.resolve(path) + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** What the node answered. */
    public record Reply(String request, int status, Map<String, List<String>> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + ": the body is not JSON: " + this, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        /** @return the whole Set-Cookie header that sets {@code name} */
        public Optional<String> cookie(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(entry -> entry.getValue().stream()).filter(value -> value.startsWith(name + "="))
                    .findFirst();
        }

        @Override
        public String toString() {
            String shown = body.length > 600 ? text().substring(0, 600) + "…" : text();
            return request + " -> " + status + " " + shown;
        }
    }
}
