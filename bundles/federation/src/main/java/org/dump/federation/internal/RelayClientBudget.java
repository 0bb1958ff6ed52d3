package org.dump.federation.internal;

import java.util.function.LongSupplier;

/**
 * The bytes one relay client may have relayed: a token bucket that fills at {@code bytesPerSecond} up to
 * {@link #BURST_SECONDS} seconds' worth. A request or an answer may be larger than the whole bucket (a request body
 * may be 8 MiB, an answer 16 MiB), so the bucket may go into debt: a request or an answer is let in while the
 * bucket is not in debt, and charged whole. A client in debt waits until the debt is paid off at the steady rate, so
 * that on average it never gets more than its rate, however large its messages. Thread-safe.
 */
final class RelayClientBudget {

    /** How many seconds' worth of bytes may pass at once. */
    static final int BURST_SECONDS = 4;

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    RelayClientBudget(long bytesPerSecond, LongSupplier nanos) {
        this.perNano = Math.max(1, bytesPerSecond) / 1e9;
        this.capacity = BURST_SECONDS * (double) Math.max(1, bytesPerSecond);
        this.nanos = nanos;
        this.last = nanos.getAsLong();
        this.tokens = capacity;
    }

    /**
     * Lets a request of {@code bytes} in, or not.
     *
     * @return 0 if it may pass (and it is charged), else the whole seconds until the debt is paid off (at least 1)
     */
    synchronized long admit(long bytes) {
        long wait = debtSeconds();
        if (wait == 0) {
            tokens -= bytes;
        }
        return wait;
    }

    /** @return 0 if a request may pass now, else the whole seconds until the debt is paid off; charges nothing */
    synchronized long debtSeconds() {
        refill();
        return tokens < 0 ? Math.max(1, (long) Math.ceil(-tokens / (perNano * 1e9))) : 0;
    }

    private void refill() {
        long now = nanos.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}
