package org.dump.itests.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A node's own user, signed in, reading the market's listings four times a second on a thread of its own: how long
 * each answer took, and which failed (an error status, or no answer within the client's 30 s).
 */
public final class UserProbe implements AutoCloseable {

    private static final long PAUSE_MILLIS = 250;

    /** One read: its latency in milliseconds, and whether it got 200. */
    private record Sample(long millis, boolean answered) {
    }

    /** Latency percentiles and failures of some reads. */
    public record Figures(int reads, int failures, long p50Millis, long p99Millis, long maxMillis) {

        @Override
        public String toString() {
            return reads + " reads, " + failures + " failed, p50 " + p50Millis + " ms, p99 " + p99Millis + " ms, max "
                    + maxMillis + " ms";
        }
    }

    private final Api api;
    private final Api.Session session;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private volatile boolean stopped;

    /** Starts reading {@code api}'s listings as the user of {@code session}. */
    public UserProbe(Api api, Api.Session session) {
        this.api = api;
        this.session = session;
        reader = new Thread(this::read, "user probe");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return how many reads have ended so far: a mark for {@link #figures} */
    public int reads() {
        return samples.size();
    }

    /** @return the figures of reads {@code from} (inclusive) to {@code to} (exclusive), in the order they ended */
    public Figures figures(int from, int to) {
        List<Sample> some;
        synchronized (samples) {
            some = new ArrayList<>(samples.subList(from, to));
        }
        long[] millis = some.stream().mapToLong(Sample::millis).sorted().toArray();
        int failures = (int) some.stream().filter(sample -> !sample.answered()).count();
        if (millis.length == 0) {
            return new Figures(0, 0, 0, 0, 0);
        }
        return new Figures(millis.length, failures, percentile(millis, 50), percentile(millis, 99),
                millis[millis.length - 1]);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        reader.join(40_000);
    }

    private void read() {
        while (!stopped) {
            long began = System.nanoTime();
            boolean answered;
            try {
                answered = api.get("modules/market/listings").cookie(session).send().status() == 200;
            } catch (RuntimeException e) {
                answered = false;
            }
            samples.add(new Sample((System.nanoTime() - began) / 1_000_000, answered));
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return the nearest-rank percentile of sorted {@code values} */
    private static long percentile(long[] values, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * values.length);
        return values[Math.max(0, rank - 1)];
    }
}
