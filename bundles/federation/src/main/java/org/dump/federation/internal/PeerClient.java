package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.dump.node.identity.NodeIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How this node talks to other nodes: HTTP/1.1, no redirects followed, and every request a JSON POST signed by
 * this node ({@link RequestSignatures}). Pushes, anti-entropy, peer exchange, hellos, module news and consent
 * messages all go through one of these, so that they are signed alike; the bundle shares one (its connection pool),
 * and it is the bundle's one HTTP client. Every answer is read through a {@link BoundedAnswer}: never more bytes, nor
 * for longer, than its caller's {@link BoundedAnswer.Bound}.
 */
@Component(service = PeerClient.class)
public final class PeerClient {

    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final NodeIdentity identity;
    private final RequestSignatures signatures;
    private final HttpClient http;
    /** Where each request's outcome is noted, for the peer view. */
    private final PeerContacts contacts;
    /** Where the deadlines of answers wait (one small thread: each deadline only cancels a subscription). */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "dump-peer-answer-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    PeerClient(NodeIdentity identity, Clock clock, PeerContacts contacts) {
        this.identity = identity;
        this.contacts = contacts;
        this.signatures = new RequestSignatures(clock);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @Activate
    public PeerClient(@Reference NodeIdentity identity, @Reference PeerContacts contacts) {
        this(identity, Clock.systemUTC(), contacts);
    }

    /** A client whose contacts no peer view reads (tests, tools). */
    public PeerClient(NodeIdentity identity) {
        this(identity, Clock.systemUTC(), new PeerContacts());
    }

    @Deactivate
    void stop() {
        deadlines.shutdownNow();
    }

    /**
     * Sends a signed POST of {@code body} to {@code target} and reads the answer within {@code bound}.
     *
     * @param who whom the answer comes from, for errors: "peer ID"
     * @throws IOException also when the answer is larger or slower than {@code bound}, saying so
     */
    HttpResponse<byte[]> send(String who, URI target, byte[] body, BoundedAnswer.Bound bound)
            throws IOException, InterruptedException {
        return read(who, post(target, body, bound.time()), bound);
    }

    /** As {@link #send}, for any request of this node's (a GET of a front door, for one). */
    HttpResponse<byte[]> read(String who, HttpRequest request, BoundedAnswer.Bound bound)
            throws IOException, InterruptedException {
        try {
            return noted(request.uri(), http.send(request, BoundedAnswer.handler(who, bound, deadlines)));
        } catch (IOException e) {
            noted(request.uri(), e);
            if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
                throw BoundedAnswer.tooSlow(who, bound); // no headers in time: the JDK's own timeout
            }
            throw e;
        }
    }

    /** Notes that an answer came from {@code target}; a gateway's 502 or 504 says the node behind it did not answer. */
    private <T> HttpResponse<T> noted(URI target, HttpResponse<T> response) {
        if (response.statusCode() == 502 || response.statusCode() == 504) {
            contacts.unanswered(target);
        } else {
            contacts.answered(target);
        }
        return response;
    }

    private void noted(URI target, IOException failure) {
        if (ContactFailure.unanswered(failure)) {
            contacts.unanswered(target);
        }
    }

    /** As {@link #send}, with the answer (or the failure, an {@link IOException}) when it comes. */
    CompletableFuture<HttpResponse<byte[]>> sendAsync(String who, URI target, byte[] body, BoundedAnswer.Bound bound) {
        return http.sendAsync(post(target, body, bound.time()), BoundedAnswer.handler(who, bound, deadlines))
                .thenApply(response -> noted(target, response))
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof IOException io) {
                        noted(target, io);
                    }
                    if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                        cause = BoundedAnswer.tooSlow(who, bound);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /**
     * Sends {@code request} as it is: not signed, no contact noted. For a request a relay handed on, which goes to
     * this node's own web server ({@link LocalDoor}) signed by its sender.
     */
    CompletableFuture<HttpResponse<byte[]>> exchangeAsync(HttpRequest request, BoundedAnswer.Bound bound) {
        return http.sendAsync(request, BoundedAnswer.handler("this node's web server", bound, deadlines));
    }

    /** @return the answers being read now: each has its deadline waiting */
    int answersBeingRead() {
        return deadlines.getQueue().size();
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

    /** @return the request's answer or failure, for those who read an answer as it comes */
    static <T> T await(CompletableFuture<T> answer) throws IOException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }
}
