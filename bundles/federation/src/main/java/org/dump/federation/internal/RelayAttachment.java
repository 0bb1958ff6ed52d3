package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.node.identity.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * This node attached to one relay (protocol §13): {@link #POLLS} long polls kept open at {@code /relay/attach}, each
 * answered with the requests the relay holds for this node; each request is served by this node's own web server
 * ({@link LocalDoor}) and its answer posted to {@code /relay/answer}. All of it asynchronous: no thread waits on a
 * poll. The relay is lost when it refuses an attach, leaves a poll unanswered past {@link #POLL}'s time, or fails
 * {@link #FAILURES_TO_LOSE} polls in a row otherwise.
 */
final class RelayAttachment implements AutoCloseable {

    /** What the node learns of its attachment. */
    interface Listener {

        /** The relay answered the first poll: requests sent to it now reach this node. */
        void attached(RelayAttachment attachment);

        /** The relay is gone or refuses; the attachment is closed. */
        void lost(RelayAttachment attachment, String why);
    }

    /** Two polls, so that one is open at the relay while the other's requests are served. */
    static final int POLLS = 2;
    static final int FAILURES_TO_LOSE = 2;
    /** An answer the relay refuses for its rate is tried this often in all. */
    static final int ANSWER_ATTEMPTS = 3;
    /** How long the relay holds a poll open. */
    static final int WAIT_SECONDS = 20;
    /**
     * The requests of one poll (at most a few MiB, base64 in JSON), within the wait and the time to carry them. A
     * relay holds a poll for at most 25 s: one that has not answered by this time is gone silent, and lost at once,
     * so that a relay that vanishes without a word is left within this time.
     */
    static final BoundedAnswer.Bound POLL = new BoundedAnswer.Bound(32 * 1024 * 1024,
            Duration.ofSeconds(WAIT_SECONDS + 15));
    /** The relay's answer to an answer is {@code {}} or a short refusal. */
    static final BoundedAnswer.Bound ACKNOWLEDGEMENT = new BoundedAnswer.Bound(64 * 1024, Duration.ofSeconds(30));
    private static final Logger LOG = LoggerFactory.getLogger(RelayAttachment.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final URI relay;
    private final String relayId;
    private final NodeIdentity identity;
    private final PeerClient client;
    private final LocalDoor door;
    private final Listener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean attached = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();

    /** @param relay the relay's base URL, as this node has it for that peer */
    RelayAttachment(URI relay, String relayId, NodeIdentity identity, PeerClient client, LocalDoor door,
            Listener listener) {
        this.relay = relay;
        this.relayId = relayId;
        this.identity = identity;
        this.client = client;
        this.door = door;
        this.listener = listener;
    }

    /** Opens the first poll, which the relay answers at once, so that the attachment is known quickly. */
    void start() {
        poll(0);
    }

    URI relay() {
        return relay;
    }

    String relayId() {
        return relayId;
    }

    /** @return this node's address at the relay: where its peers send it requests */
    URI address() {
        return URI.create(relay + "relay/" + identity.id() + "/");
    }

    /** @return how many relayed requests this node served through this relay */
    long served() {
        return served.get();
    }

    boolean isAttached() {
        return attached.get() && !closed.get();
    }

    private void poll(int waitSeconds) {
        if (closed.get()) {
            return;
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("publicKey", identity.publicKey().base64(), "wait", waitSeconds));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        client.sendAsync("relay " + relayId, relay.resolve("relay/attach"), body, POLL)
                .whenComplete((answer, failure) -> polled(answer, failure));
    }

    private void polled(HttpResponse<byte[]> answer, Throwable failure) {
        if (closed.get()) {
            return;
        }
        String trouble = failure != null ? "cannot reach " + relay + ": " + describe(failure)
                : answer.statusCode() != 200 ? relay + " answered HTTP " + answer.statusCode() + ": "
                        + PeerClient.messageOf(answer.body()) : null;
        List<RelayedRequest> requests = List.of();
        if (trouble == null) {
            try {
                requests = RelayedExchange.requests(JSON.readTree(answer.body()));
            } catch (IOException | IllegalArgumentException e) {
                trouble = relay + " answered an attach poll with something this node does not take: "
                        + e.getMessage();
            }
        }
        if (trouble != null) {
            boolean refused = failure == null && answer.statusCode() >= 400 && answer.statusCode() < 500;
            boolean silent = failure != null && cause(failure) instanceof BoundedAnswer.TooSlow;
            if (refused || silent || !attached.get() || failures.incrementAndGet() >= FAILURES_TO_LOSE) {
                lose(trouble);
            } else {
                // One failure may be a blip (a restarting connection): poll again after a breath.
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> poll(WAIT_SECONDS));
            }
            return;
        }
        failures.set(0);
        if (attached.compareAndSet(false, true)) {
            listener.attached(this);
            for (int more = 1; more < POLLS; more++) {
                poll(WAIT_SECONDS);
            }
        }
        poll(WAIT_SECONDS);
        requests.forEach(this::serve);
    }

    private void serve(RelayedRequest request) {
        URI signedFor = URI.create(relay + "relay/" + identity.id() + request.path());
        CompletableFuture<RelayedExchange.Answer> answered;
        try {
            answered = door.serve(signedFor, request);
        } catch (IllegalArgumentException e) {
            // A path or header the JDK's client does not take: the caller hears so; the polls go on.
            answered = CompletableFuture.completedFuture(new RelayedExchange.Answer(400, Map.of("content-type",
                    "application/json"), ("{\"message\":\"the relayed request is not one this node takes\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        answered.whenComplete((answer, failure) -> {
            served.incrementAndGet();
            answer(request.id(), answer, 1);
        });
    }

    /**
     * Posts {@code answer} to the relay; one the relay refuses for the moment (429: this node's answers are over its
     * bytes per second there) is posted again after the wait it names, up to {@link #ANSWER_ATTEMPTS} times.
     */
    private void answer(String id, RelayedExchange.Answer answer, int attempt) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(RelayedExchange.answerBody(id, answer));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        client.sendAsync("relay " + relayId, relay.resolve("relay/answer"), body, ACKNOWLEDGEMENT)
                .whenComplete((acknowledged, failure) -> {
                    if (failure != null) {
                        LOG.debug("The answer to relayed request {} did not reach {}: {}", id, relay,
                                describe(failure));
                    } else if (acknowledged.statusCode() == 429 && attempt < ANSWER_ATTEMPTS && !closed.get()) {
                        long wait = acknowledged.headers().firstValueAsLong("Retry-After").orElse(1);
                        CompletableFuture.delayedExecutor(Math.max(1, Math.min(wait, 10)), TimeUnit.SECONDS)
                                .execute(() -> answer(id, answer, attempt + 1));
                    } else if (acknowledged.statusCode() != 200) {
                        LOG.debug("{} did not take the answer to relayed request {}: HTTP {}", relay, id,
                                acknowledged.statusCode());
                    }
                });
    }

    private void lose(String why) {
        if (closed.compareAndSet(false, true)) {
            listener.lost(this, why);
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String describe(Throwable failure) {
        Throwable cause = cause(failure);
        if (cause instanceof BoundedAnswer.TooSlow) {
            return cause.getMessage();
        }
        return cause instanceof IOException io ? ContactFailure.of(io) : String.valueOf(cause.getMessage());
    }
}
