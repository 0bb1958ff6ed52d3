package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;

import org.dump.node.identity.NodeIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How this node talks to other nodes: HTTP/1.1, no redirects followed, and every request a JSON POST signed by
 * this node ({@link RequestSignatures}). Pushes, anti-entropy, peer exchange, hellos, module news and consent
 * messages all go through one of these, so that they are signed alike; the bundle shares one (its connection pool).
 */
@Component(service = PeerClient.class)
public final class PeerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeIdentity identity;
    private final RequestSignatures signatures;
    private final HttpClient http;

    PeerClient(NodeIdentity identity, Clock clock) {
        this.identity = identity;
        this.signatures = new RequestSignatures(clock);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Activate
    public PeerClient(@Reference NodeIdentity identity) {
        this(identity, Clock.systemUTC());
    }

    /**
     * @return what went wrong in talking to a peer, for logs and the peer's last error: the message, or the kind of
     *         failure when the JDK gives none (a closed connection, for one)
     */
    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * @return whether an answer of {@code status} to a signed request says the peer does not take this node as its
     *         peer (401: not a peer, or not with the key it pinned; 403: refused), not a failure of the moment
     */
    static boolean refusal(int status) {
        return status == 401 || status == 403;
    }

    /** @return the {@code message} of a JSON answer, abbreviated; or what the body begins with */
    static String messageOf(byte[] body) {
        String text;
        try {
            text = JSON.readTree(body).path("message").asText("");
        } catch (IOException e) {
            text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** @return a POST of the JSON {@code body} to {@code target}, signed by this node, ready to send */
    HttpRequest post(URI target, byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signatures.sign(identity, "POST", target, body).forEach(request::header);
        return request.build();
    }

    HttpClient http() {
        return http;
    }
}
