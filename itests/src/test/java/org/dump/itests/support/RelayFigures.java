package org.dump.itests.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.itests.support.Api.Reply;

/**
 * What the relay benchmark ({@code benchmarks/federation/relay.sh}, RelayIT with {@code -Ddump.relay.measure=true})
 * reads of node processes, from outside as an administrator could: how long a listing takes from one node to
 * another, a JVM's CPU time ({@code /proc/PID/stat}), the bytes through its namespace's {@code eth0}
 * ({@code /proc/PID/net/dev}: the counters of the process's own network namespace), its live heap ({@code jcmd PID
 * GC.class_histogram}, which collects first), and a steady stream of listings written at a given rate.
 */
public final class RelayFigures {

    private static final Duration SCRIPT = Duration.ofSeconds(120);

    private RelayFigures() {
    }

    /**
     * Writes a listing on {@code from} as {@code seller} and waits until {@code reader} on {@code to} sees it.
     *
     * @return the milliseconds from the writing node's 201 to the first 200 on the other, polled every 20 ms
     */
    public static long propagation(NodeProcess from, Api.Session seller, NodeProcess to, Api.Session reader,
            String title, Duration patience) throws InterruptedException {
        Reply listed = from.api().post("modules/market/listings").session(seller)
                .json(Api.object("title", title, "price", 1, "currency", "EUR")).send();
        if (listed.status() != 201) {
            throw new AssertionError(from.name() + " did not take a listing: " + listed);
        }
        long written = System.nanoTime();
        String id = listed.json().path("id").asText();
        long deadline = written + patience.toNanos();
        while (to.api().get("modules/market/listings/" + id).cookie(reader).send().status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(to.name() + " never showed '" + title + "' written on " + from.name()
                        + "\n" + to.logTail());
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - written).toMillis();
    }

    /** @return "p50 X ms, p99 Y ms, max Z ms (N samples)" */
    public static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "p50 " + at(sorted, 0.50) + " ms, p99 " + at(sorted, 0.99) + " ms, max " + sorted.get(sorted.size() - 1)
                + " ms (" + sorted.size() + " samples)";
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    /** @return the CPU time (user and system) the node's JVM has used so far, in milliseconds */
    public static long cpuMillis(NodeProcess node) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(node.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
        return ticks * 1000 / clockTicks();
    }

    private static long clockTicks() {
        Commands.Result ticks = Commands.run(List.of("getconf", "CLK_TCK"), new File("/"), Map.of(), null, SCRIPT);
        return ticks.exitCode() == 0 ? Long.parseLong(ticks.output().strip()) : 100;
    }

    /** @return the bytes received and sent through eth0 of the node's namespace so far */
    public static long[] networkBytes(NodeProcess node) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(node.pid()), "net", "dev"))) {
            String[] fields = line.strip().split("[:\\s]+");
            if (fields[0].equals("eth0")) {
                return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[9])};
            }
        }
        throw new AssertionError("no eth0 in the namespace of " + node.name());
    }

    /**
     * @return the node's live heap after a full collection, in bytes: in all, and in classes whose name holds
     *         "relay" (any case)
     */
    public static long[] liveHeap(NodeProcess node) throws IOException {
        Commands.Result histogram = Commands.run(List.of("jcmd", Long.toString(node.pid()), "GC.class_histogram"),
                new File("/"), Map.of(), null, SCRIPT);
        if (histogram.exitCode() != 0) {
            throw new AssertionError(histogram.toString());
        }
        long total = 0;
        long relay = 0;
        for (String line : histogram.output().lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3 && fields[0].equals("Total")) {
                total = Long.parseLong(fields[2]);
            } else if (fields.length >= 4 && fields[0].endsWith(":") && fields[3].toLowerCase().contains("relay")) {
                relay += Long.parseLong(fields[2]);
            }
        }
        return new long[] {total, relay};
    }

    /**
     * Writes listings on {@code node} as {@code seller} at {@code perSecond} for {@code duration}, from a few
     * threads, each one at its appointed time (a slow answer does not delay the next).
     *
     * @return the listings the node acknowledged (201)
     */
    public static int writeSteadily(NodeProcess node, Api.Session seller, int perSecond, Duration duration)
            throws InterruptedException {
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        // A periodic task never overlaps itself: the clock only hands each write to the writers.
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService writers = Executors.newFixedThreadPool(16);
        clock.scheduleAtFixedRate(() -> writers.execute(() -> {
            int n = sent.incrementAndGet();
            try {
                Reply reply = node.api().post("modules/market/listings").session(seller)
                        .json(Api.object("title", "steady " + n, "price", n, "currency", "EUR")).send();
                if (reply.status() == 201) {
                    acknowledged.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // not acknowledged: counted by its absence
            }
        }), 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        Thread.sleep(duration.toMillis());
        clock.shutdownNow();
        writers.shutdown();
        writers.awaitTermination(60, TimeUnit.SECONDS);
        return acknowledged.get();
    }
}
