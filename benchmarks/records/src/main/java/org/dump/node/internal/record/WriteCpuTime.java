package org.dump.node.internal.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.api.record.AuthorReference;

/**
 * The CPU one write costs, by thread, beside the writes per second: on a machine shared with other work, writes/s
 * measure the queue for a core as much as the store, and CPU per write says what a quiet machine allows (cores / CPU
 * per write). 16 writers create listings as {@link RecordWriteBenchmark} does, after a warm-up; with the index, the
 * count waits until the index has every write. Prints the process's CPU and that of the writer threads (signing,
 * JSON), the record writer (Derby) and the index thread (Lucene), per write. Usage:
 * {@code WriteCpuTime index|none [writes]}.
 */
public final class WriteCpuTime {

    private static final AuthorReference AUTHOR = new AuthorReference("benchmarkauthorbenchmarkau");

    private WriteCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        boolean index = "index".equals(args[0]);
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        Path directory = Files.createTempDirectory("dump-bench-write-cpu");
        BenchmarkNode node = new BenchmarkNode(directory, "derby", index);
        try {
            write(node, writes / 2, index); // warm-up: JIT, Derby's caches, the first segments
            Map<String, Long> before = threadCpu();
            long process = processCpu();
            long start = System.nanoTime();
            long writers = write(node, writes, index);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpu() - process) / 1e6 / writes;
            Map<String, Long> after = threadCpu();
            double recordWriter = perWrite(before, after, "dump-record-writer", writes);
            double indexThread = perWrite(before, after, "dump-search-index", writes);
            double callers = writers / 1e6 / writes;
            System.out.printf("search=%s: %d writes in %.1f s (%.0f/s); CPU per write: process %.3f ms = writers"
                    + " (signing, JSON) %.3f + record writer (Derby) %.3f + index thread %.3f + other (GC, JIT,"
                    + " Lucene merges, Derby's threads) %.3f; load %s%n",
                    index ? "index" : "none", writes, seconds, writes / seconds, cpu, callers, recordWriter,
                    indexThread, cpu - callers - recordWriter - indexThread,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            node.discard();
        }
    }

    /** @return the CPU time of the 16 writer threads */
    private static long write(BenchmarkNode node, int writes, boolean index) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(16);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong left = new AtomicLong(writes);
        AtomicLong cpu = new AtomicLong();
        Future<?>[] done = new Future<?>[16];
        for (int w = 0; w < 16; w++) {
            int seed = w;
            done[w] = writers.submit(() -> {
                Random random = new Random(seed);
                long start = threads.getCurrentThreadCpuTime();
                while (left.decrementAndGet() >= 0) {
                    node.records.create(BenchmarkNode.MARKET, "listing", BenchmarkNode.listing(random), AUTHOR);
                }
                cpu.addAndGet(threads.getCurrentThreadCpuTime() - start);
            });
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
        if (index) {
            node.records.search().settled().join();
        }
        return cpu.get();
    }

    private static double perWrite(Map<String, Long> before, Map<String, Long> after, String prefix, int writes) {
        long total = 0;
        for (Map.Entry<String, Long> thread : after.entrySet()) {
            if (thread.getKey().startsWith(prefix, thread.getKey().indexOf(':') + 1)) {
                total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
        }
        return total / 1e6 / writes;
    }

    /** @return the CPU time of every live thread, by id and name */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long time = threads.getThreadCpuTime(info.getThreadId());
                if (time >= 0) {
                    cpu.put(info.getThreadId() + ":" + info.getThreadName(), time);
                }
            }
        }
        return cpu;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
