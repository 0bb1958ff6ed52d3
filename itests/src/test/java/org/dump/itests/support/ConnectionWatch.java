package org.dump.itests.support;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Watches the TCP connections that others hold open to some local ports, as the kernel shows them ({@code ss}), twice
 * a second: how long each stayed established. With a server that ends each connection after its answer, a
 * connection's life is one request's wait, so a node that gives up on an answer shows as connections that end.
 */
public final class ConnectionWatch implements AutoCloseable {

    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    /** One connection: when it was first and last seen established, in nanoseconds of {@link System#nanoTime}. */
    public record Life(String connection, long firstNanos, long lastNanos) {

        public Duration length() {
            return Duration.ofNanos(lastNanos - firstNanos);
        }
    }

    private final List<Integer> ports;
    private final Map<String, Life> lives = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean stopped;
    private volatile long lastSampleNanos;

    /** Starts watching connections to {@code ports} (on any local address). */
    public ConnectionWatch(List<Integer> ports) {
        this.ports = List.copyOf(ports);
        sampler = new Thread(this::sample, "connection-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** @return every connection seen so far, the longest first */
    public List<Life> lives() {
        List<Life> all = new ArrayList<>(lives.values());
        all.sort((a, b) -> Long.compare(b.lastNanos() - b.firstNanos(), a.lastNanos() - a.firstNanos()));
        return all;
    }

    /** @return the connections that were still established at the last sample */
    public List<Life> open() {
        long last = lastSampleNanos;
        return lives.values().stream().filter(life -> life.lastNanos() == last).toList();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.join(SAMPLE_EVERY.toMillis() * 10);
    }

    @Override
    public String toString() {
        return lives().stream().limit(10).map(life -> life.connection() + " " + life.length().toMillis() + " ms")
                .collect(Collectors.joining(", ", lives.size() + " connections, the longest: ", ""));
    }

    private void sample() {
        String filter = ports.stream().map(port -> "sport = :" + port).collect(Collectors.joining(" or ", "( ", " )"));
        List<String> command = List.of("ss", "-Htn", "state", "established", filter);
        while (!stopped) {
            Commands.Result seen = Commands.run(command, new File("/"), Map.of(), null, Duration.ofSeconds(10));
            long now = System.nanoTime();
            for (String line : seen.output().lines().toList()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 4) {
                    String connection = fields[3] + " -> " + fields[2];
                    lives.merge(connection, new Life(connection, now, now),
                            (old, fresh) -> new Life(connection, old.firstNanos(), now));
                }
            }
            lastSampleNanos = now;
            try {
                Thread.sleep(SAMPLE_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
