package org.dump.federation.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads another node's answer whole, but never more than {@link Bound#bytes} of it nor for longer than
 * {@link Bound#time} from the moment the request was sent: a peer that answers too much or too slowly costs this node
 * a clear error, not its heap or one of its threads. The JDK's request timeout ends with the answer's headers; this
 * bounds the body too, by cancelling the subscription (which closes the connection).
 */
final class BoundedAnswer implements HttpResponse.BodySubscriber<byte[]> {

    /**
     * What one answer may cost.
     *
     * @param bytes the most bytes of body read
     * @param time  the longest time from the request to the last byte of the answer
     */
    record Bound(int bytes, Duration time) {
    }

    private final String who;
    private final Bound bound;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ScheduledFuture<?> alarm;
    private volatile Flow.Subscription subscription;

    private BoundedAnswer(String who, Bound bound, long deadlineNanos, ScheduledExecutorService timer) {
        this.who = who;
        this.bound = bound;
        ScheduledFuture<?> scheduled;
        try {
            scheduled = timer.schedule(() -> fail(tooSlow(who, bound)), deadlineNanos - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled = null; // the bundle is stopping
            fail(new IOException("stopping: the answer of " + who + " is not read"));
        }
        this.alarm = scheduled;
    }

    /**
     * @param who   whom the answer comes from, for the error: e.g. "peer 2dnx… (federation/versions)"
     * @param timer where the deadline waits
     * @return a handler for one request sent now, which reads at most {@code bound}
     */
    static HttpResponse.BodyHandler<byte[]> handler(String who, Bound bound, ScheduledExecutorService timer) {
        long deadline = System.nanoTime() + bound.time().toNanos();
        return info -> {
            BoundedAnswer answer = new BoundedAnswer(who, bound, deadline, timer);
            if (declaredLength(info) > bound.bytes()) {
                answer.fail(tooLarge(who, bound));
            }
            return answer;
        };
    }

    /** @return the Content-Length of the answer, or 0 if it has none (or not a number: the bytes are counted anyway) */
    private static long declaredLength(HttpResponse.ResponseInfo info) {
        try {
            return info.headers().firstValueAsLong("Content-Length").orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An answer that did not come, whole, in time. */
    static final class TooSlow extends IOException {

        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    /** @return the error of an answer that does not come in time */
    static IOException tooSlow(String who, Bound bound) {
        return new TooSlow(who + " took more than " + bound.time().toSeconds() + " s to answer");
    }

    static IOException tooLarge(String who, Bound bound) {
        return new IOException(who + " answered more than " + bound.bytes() + " bytes");
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (body.isDone()) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        synchronized (received) {
            for (ByteBuffer buffer : buffers) {
                if (received.size() + (long) buffer.remaining() > bound.bytes()) {
                    fail(tooLarge(who, bound));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                received.writeBytes(bytes);
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        disarm();
        body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        disarm();
        synchronized (received) {
            body.complete(received.toByteArray());
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    /** Ends the answer with {@code error}: what came so far is let go and the connection closed. */
    private void fail(IOException error) {
        if (body.completeExceptionally(error)) {
            disarm();
            synchronized (received) {
                received.reset();
            }
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    private void disarm() {
        if (alarm != null) {
            alarm.cancel(false);
        }
    }
}
