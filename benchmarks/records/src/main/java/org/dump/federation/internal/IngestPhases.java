package org.dump.federation.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.internal.record.BenchmarkNode;
import org.dump.node.record.RecordInventory;

/**
 * Where catch-up time goes, phase by phase, in one process: A holds N listings; B asks for what it lacks page by
 * page (2,000 records) as a node does, and each phase is timed on its own — A working out the page
 * ({@code difference}), encoding it, B decoding it, and B taking it in ({@code ingest}: signature checks on all
 * cores, then the writer thread and Derby). No HTTP; the same stores and encoders as a node. Run with the node's
 * heap and GC to compare with a node: {@code -Xmx256m -XX:+UseSerialGC}.
 *
 * <p>Usage: java … IngestPhases [N] (default 40,000)
 */
public final class IngestPhases {

    private IngestPhases() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        Path work = Files.createTempDirectory("dump-bench-ingest");
        try (BenchmarkNode a = new BenchmarkNode(work.resolve("a")); BenchmarkNode b = new BenchmarkNode(work.resolve("b"))) {
            a.fill(n);
            Ed25519PublicKey key = a.identity().publicKey();
            Map<String, Ed25519PublicKey> keys = Map.of(a.identity().id(), key);
            long difference = 0;
            long encode = 0;
            long decode = 0;
            long ingest = 0;
            int pages = 0;
            long start = System.nanoTime();
            while (true) {
                long t0 = System.nanoTime();
                RecordInventory.Difference page = a.inventory().difference("market", b.inventory().summary("market"),
                        FederationServlet.MAX_ANSWER);
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
            System.out.printf("%,d records in %d pages, %.1f s (%,.0f records/s): difference on A %.1f s, encode %.1f s, "
                    + "decode %.1f s, ingest on B %.1f s (%,.0f records/s)%n", n, pages, total / 1e9, n / (total / 1e9),
                    difference / 1e9, encode / 1e9, decode / 1e9, ingest / 1e9, n / (ingest / 1e9));
        } finally {
            BenchmarkNode.deleteDirectory(work);
        }
    }
}
