package org.dump.federation.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * How much each peer may ask of this node: requests per second and bytes per second, each a token bucket that holds
 * two seconds' worth, so that bursts pass and floods do not. A peer over its limit gets 429 and the request costs
 * this node nothing more; honest peers stay far below (a push is one request per batch, anti-entropy one per page).
 * The buckets are kept for at most {@link #MAX_BUCKETS} senders, the least recently seen forgotten first: hellos are
 * limited per address, and addresses are many. A sender forgotten starts again with a full bucket, which is what an
 * idle one has anyway.
 */
@Component(service = PeerLimits.class, configurationPid = PeerLimits.PID)
@Designate(ocd = PeerLimits.Config.class)
public final class PeerLimits {

    static final String PID = "org.dump.federation.limits";

    @ObjectClassDefinition(name = "DUMP peer limits", description = "What one peer may ask of this node.")
    public @interface Config {

        @AttributeDefinition(name = "Requests per second", min = "1",
                description = "Federation requests one peer may make per second, on average.")
        int requestsPerSecond() default 50;

        @AttributeDefinition(name = "Kilobytes per second", min = "1",
                description = "Request bodies one peer may send per second, on average, in KiB.")
        int kilobytesPerSecond() default 16 * 1024;

        @AttributeDefinition(name = "Federation requests at once", min = "1",
                description = "Requests under /federation/ this node serves at the same time, from all senders; "
                        + "more get 503 at once, so that slow senders cannot take the threads users need.")
        int concurrentRequests() default 16;

        @AttributeDefinition(name = "Nonces per peer", min = "1",
                description = "Nonces of signed requests remembered per signing node (for ten minutes), per "
                        + "endpoint group; a node that sends more refuses only its own older requests.")
        int noncesPerPeer() default 10_000;

        @AttributeDefinition(name = "Nonces in all", min = "1",
                description = "Nonces remembered for all signing nodes together, per endpoint group; when reached, "
                        + "nodes remembered already make room among their own, and others are refused until some "
                        + "expire.")
        int noncesInAll() default 100_000;
    }

    /** A peer's buckets, and the requests refused since they were last reported. */
    private record Buckets(TokenBucket requests, TokenBucket bytes, AtomicLong refused, AtomicLong reported) {
    }

    /**
     * A request over the peer's limits.
     *
     * @param reason   which limit it exceeds
     * @param toReport how many refusals to log and count now: at most one report per peer and minute, so that a
     *                 flood does not flood the log and the database too; 0 in between
     */
    record Excess(String reason, long toReport) {
    }

    private static final long REPORT_EVERY = 60_000_000_000L;
    /** The most senders whose buckets are kept. */
    static final int MAX_BUCKETS = 10_000;

    private volatile int requestsPerSecond;
    private volatile long bytesPerSecond;
    private final LongSupplier nanos;
    /** The buckets by sender, the least recently seen first. Guarded by itself. */
    private final LinkedHashMap<String, Buckets> byPeer;

    private final ServingPlaces serving;
    private volatile int noncesPerPeer;
    private volatile int noncesInAll;
    /** The memories of nonces handed out, by endpoint group, for {@link #noncesRemembered}. */
    private final Map<String, ReplayGuard> guards = new ConcurrentHashMap<>();

    @Activate
    public PeerLimits(Config config) {
        this(config.requestsPerSecond(), config.kilobytesPerSecond() * 1024L, System::nanoTime,
                config.concurrentRequests(), config.noncesPerPeer(), config.noncesInAll(), MAX_BUCKETS);
    }

    PeerLimits(int requestsPerSecond, long bytesPerSecond, LongSupplier nanos) {
        this(requestsPerSecond, bytesPerSecond, nanos, 16, 10_000, 100_000, MAX_BUCKETS);
    }

    PeerLimits(int requestsPerSecond, long bytesPerSecond, LongSupplier nanos, int concurrentRequests,
            int noncesPerPeer, int noncesInAll, int maxBuckets) {
        this.nanos = nanos;
        this.serving = new ServingPlaces(Math.max(1, concurrentRequests));
        apply(requestsPerSecond, bytesPerSecond, noncesPerPeer, noncesInAll);
        int most = Math.max(1, maxBuckets);
        this.byPeer = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Buckets> eldest) {
                return size() > most;
            }
        };
    }

    /**
     * Takes changed limits without starting again: the servlets built on these limits stay registered, where a new
     * instance would take them off the web server and back (its requests meanwhile went to the pages servlet, 405).
     * Every sender starts with full buckets at the new rates.
     */
    @Modified
    void modified(Config config) {
        serving.resize(Math.max(1, config.concurrentRequests()));
        apply(config.requestsPerSecond(), config.kilobytesPerSecond() * 1024L, config.noncesPerPeer(),
                config.noncesInAll());
        synchronized (byPeer) {
            byPeer.clear();
        }
        guards.values().forEach(guard -> guard.resize(noncesPerPeer, noncesInAll));
    }

    private void apply(int requests, long bytes, int perPeer, int inAll) {
        requestsPerSecond = Math.max(1, requests);
        bytesPerSecond = Math.max(1024, bytes);
        noncesPerPeer = Math.max(1, perPeer);
        noncesInAll = Math.max(1, inAll);
    }

    /**
     * @param group the endpoints it serves, e.g. "hello": a component that starts again replaces its group's memory
     * @return a new memory of nonces ({@link ReplayGuard}) with room for {@code noncesPerPeer} per signer and
     *         {@code noncesInAll} in all
     */
    ReplayGuard replayGuard(String group) {
        ReplayGuard guard = new ReplayGuard(Clock.systemUTC(), noncesPerPeer, noncesInAll);
        guards.put(group, guard);
        return guard;
    }

    /** @return the nonces remembered now by the memories {@link #replayGuard} handed out */
    long noncesRemembered() {
        return guards.values().stream().mapToLong(ReplayGuard::remembered).sum();
    }

    /** @return the most nonces they remember together */
    long noncesLimit() {
        return guards.values().stream().mapToLong(ReplayGuard::limit).sum();
    }

    /** @return for how many senders buckets are kept now */
    int senders() {
        synchronized (byPeer) {
            return byPeer.size();
        }
    }

    /**
     * Takes one of the places for federation requests served at once, without waiting.
     *
     * @return false if all are taken: the request is to be refused at once (503); else {@link #leave} after it
     */
    boolean enter() {
        return serving.tryAcquire();
    }

    /** Gives back the place {@link #enter} took. */
    void leave() {
        serving.release();
    }

    /**
     * Takes one request of {@code bytes} from the peer's allowance.
     *
     * @return empty if the peer is within its limits, else the limit it exceeds
     */
    Optional<Excess> admit(String peer, long bytes) {
        return admit(peer, 1, bytes);
    }

    /**
     * Takes a request that costs as much as {@code requests} ordinary ones from the peer's allowance.
     *
     * @return empty if the peer is within its limits, else the limit it exceeds
     */
    Optional<Excess> admit(String peer, int requests, long bytes) {
        long now = nanos.getAsLong();
        Buckets buckets;
        synchronized (byPeer) {
            buckets = byPeer.computeIfAbsent(peer, p -> new Buckets(new TokenBucket(requestsPerSecond, now),
                    new TokenBucket(bytesPerSecond, now), new AtomicLong(), new AtomicLong(now - REPORT_EVERY)));
        }
        String reason = !buckets.requests().take(requests, now) ? "more than " + requestsPerSecond + " requests per second"
                : !buckets.bytes().take(bytes, now) ? "more than " + bytesPerSecond / 1024 + " KiB per second" : null;
        if (reason == null) {
            return Optional.empty();
        }
        buckets.refused().incrementAndGet();
        long last = buckets.reported().get();
        if (now - last >= REPORT_EVERY && buckets.reported().compareAndSet(last, now)) {
            return Optional.of(new Excess(reason, buckets.refused().getAndSet(0)));
        }
        return Optional.of(new Excess(reason, 0));
    }
}
