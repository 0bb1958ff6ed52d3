package org.dump.federation.internal;

/** A bucket of tokens that fills at a steady rate up to two seconds' worth. Guarded by itself. */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = 2 * perSecond;
        this.tokens = capacity;
        this.last = now;
    }

    synchronized boolean take(double amount, long now) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens < amount) {
            return false;
        }
        tokens -= amount;
        return true;
    }
}
