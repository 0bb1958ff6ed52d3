package org.dump.federation.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.internal.record.BenchmarkNode;
import org.dump.node.record.RecordInventory;

/**
 * Where catch-up time goes, phase by phase, in one process: A holds N listings; B asks for what it lacks page by
 * page (2,000 records) as a node does, and each phase is timed on its own — A working out the page
 * ({@code difference}), encoding it, B decoding it, and B taking it in ({@code ingest}: signature checks on all
 * cores, then the writer thread and Derby). No HTTP; the same stores and encoders as a node. Run with the node's
 * heap and GC to compare with a node: {@code -Xmx256m -XX:+UseSerialGC}. It also prints the CPU time of B's record
 * writer thread, which other processes on the machine do not inflate the way they do wall time.
 *
 * <p>Usage: java … IngestPhases [N] (default 40,000)
 */
public final class IngestPhases {

    private IngestPhases() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        Path work = Files.createTempDirectory("dump-bench-ingest");
        try (BenchmarkNode a = new BenchmarkNode(work.resolve("a"))) {
            Set<Thread> writersOfA = writerThreads();
            try (BenchmarkNode b = new BenchmarkNode(work.resolve("b"))) {
                Set<Thread> writersOfB = writerThreads();
                writersOfB.removeAll(writersOfA);
                run(n, a, b, writersOfB.iterator().next());
            }
        } finally {
            BenchmarkNode.deleteDirectory(work);
        }
    }

    private static void run(int n, BenchmarkNode a, BenchmarkNode b, Thread writerOfB) throws Exception {
        a.fill(n);
        Ed25519PublicKey key = a.identity().publicKey();
        Map<String, Ed25519PublicKey> keys = Map.of(a.identity().id(), key);
        long difference = 0;
        long encode = 0;
        long decode = 0;
        long ingest = 0;
        int pages = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long writerCpu = threads.getThreadCpuTime(writerOfB.getId());
        long start = System.nanoTime();
        while (true) {
            long t0 = System.nanoTime();
            RecordInventory.Difference page = a.inventory().difference("market", b.inventory().summary("market"),
                    CatchUpEndpoints.MAX_ANSWER);
            long t1 = System.nanoTime();
            byte[] body = WireRecords.encode(page.records(), keys, page.more(), page.gone());
            long t2 = System.nanoTime();
            WireRecords.Batch batch = WireRecords.decode(body);
            long t3 = System.nanoTime();
            b.ingest().ingest(batch.records(), origin -> Optional.of(key));
            long t4 = System.nanoTime();
            difference += t1 - t0;
            encode += t2 - t1;
            decode += t3 - t2;
            ingest += t4 - t3;
            pages++;
            if (!page.more()) {
                break;
            }
        }
        long total = System.nanoTime() - start;
        writerCpu = threads.getThreadCpuTime(writerOfB.getId()) - writerCpu;
        System.out.printf("%,d records in %d pages, %.1f s (%,.0f records/s): difference on A %.1f s, encode %.1f s, "
                + "decode %.1f s, ingest on B %.1f s (%,.0f records/s); B's record writer used %.2f s of CPU "
                + "(%.0f µs a record)%n", n, pages, total / 1e9, n / (total / 1e9), difference / 1e9, encode / 1e9,
                decode / 1e9, ingest / 1e9, n / (ingest / 1e9), writerCpu / 1e9, writerCpu / 1e3 / n);
    }

    /** @return the record writer threads running now (each store has one) */
    private static Set<Thread> writerThreads() {
        Set<Thread> writers = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("dump-record-writer"))
                .forEach(writers::add);
        return writers;
    }
}
