package org.dump.federation.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.dump.crypto.Digests;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.internal.reconcile.Reconciliation;
import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.VersionRuns;
import org.dump.node.internal.record.BenchmarkNode;
import org.dump.node.testing.FixedModules;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SignedRecord;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bytes on the wire for one anti-entropy round (issue 4; protocol 2 since issue 23): node A holds N listings, node B
 * all of them but d; B reconciles with A (§7.7), then asks for the versions it lacks, and A answers them. Both ends
 * are the node's real record stores (its record components on Derby) and the federation bundle's own classes
 * (RangeSync on B; CatchUpEndpoints on A, which answer what the servlet answers), so the figures are the HTTP bodies
 * a node sends; HTTP headers (and the request signature in them) are not counted.
 * Beside each figure: a Bloom filter of B's N − d versions at 1 % false positives, the baseline of Dispersy-style
 * sync, and how many of the d missing records that filter would have hidden from A.
 *
 * <p>Usage: java … AntiEntropyBytes [N] — prints a Markdown table.
 */
public final class AntiEntropyBytes {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 1,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] DIFFERENCES = {1000, 100, 10, 1, 0};

    private AntiEntropyBytes() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("dump-bench-anti-entropy");
        try (BenchmarkNode a = new BenchmarkNode(work.resolve("a")); BenchmarkNode b = new BenchmarkNode(work.resolve("b"))) {
            long start = System.nanoTime();
            a.fill(n);
            System.err.printf("A wrote %,d listings in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
            Ed25519PublicKey key = a.identity().publicKey();
            Map<String, Ed25519PublicKey> keys = Map.of(a.identity().id(), key);

            // All of A's records, in order; B gets all but a random 1,000, and then fewer missing at each step.
            List<SignedRecord> all = readAll(a);
            List<SignedRecord> shuffled = new ArrayList<>(all);
            java.util.Collections.shuffle(shuffled, new Random(42));
            Set<String> missing = new HashSet<>();
            shuffled.subList(0, DIFFERENCES[0]).forEach(r -> missing.add(r.id()));
            ingest(b, all.stream().filter(r -> !missing.contains(r.id())).toList(), key);

            System.out.println("| records on A | d missing on B | reconciliation round trips | reconciliation B (both "
                    + "ways) | request for versions B | answer B | records in answer B | round B beyond the records "
                    + "| target B (2·d·32 + 1,024) | Bloom filter 1 % B | missed by Bloom |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            CatchUpEndpoints endpointsOfA = new CatchUpEndpoints(FixedModules.of(MARKET), a.inventory(), origins -> keys, NO_PEERS,
                    new Gossip("a", System::nanoTime));
            for (int d : DIFFERENCES) {
                // B lacks exactly the first d of the shuffled records: take in the others.
                List<SignedRecord> nowMissing = shuffled.subList(0, d);
                Set<String> keep = new HashSet<>();
                nowMissing.forEach(r -> keep.add(r.id()));
                List<SignedRecord> give = all.stream().filter(r -> missing.contains(r.id()) && !keep.contains(r.id()))
                        .toList();
                ingest(b, give, key);
                missing.retainAll(keep);

                long[] reconciled = new long[1];
                CatchUpTransport toA = (endpoint, body, bound) -> {
                    try {
                        CatchUpEndpoints.Answer answer = endpointsOfA.reconcile(b.identity().id(), body);
                        reconciled[0] += body.length + answer.body().length;
                        return CompletableFuture.completedFuture(answer.body());
                    } catch (java.io.IOException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                };
                Reconciliation.Outcome outcome = RangeSync.run(toA, MARKET,
                        VersionRuns.of(Ranges.toRuns(b.inventory().summary("market"))));
                List<Run> lacking = outcome.findings().weLack();
                byte[] request = lacking.isEmpty() ? new byte[0]
                        : VersionFetch.request(MARKET, Ranges.fromRuns(lacking), CatchUpEndpoints.MAX_ANSWER);
                byte[] answer = lacking.isEmpty() ? new byte[0] : endpointsOfA.versions(b.identity().id(), request).body();
                List<SignedRecord> records = answer.length == 0 ? List.of() : WireRecords.decode(answer).records();
                long recordBytes = 0;
                for (SignedRecord record : records) {
                    recordBytes += JSON.writeValueAsBytes(record).length;
                }
                if (records.size() != d) {
                    throw new IllegalStateException("B got " + records.size() + " missing records, not " + d);
                }
                long beyond = reconciled[0] + request.length + answer.length - recordBytes;
                Bloom bloom = Bloom.of(all.stream().filter(r -> !keep.contains(r.id())).toList(), 0.01);
                long hidden = nowMissing.stream().filter(bloom::mightContain).count();
                System.out.printf("| %,d | %,d | %d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %d |%n", all.size(), d,
                        outcome.roundTrips(), reconciled[0], request.length, answer.length, recordBytes, beyond,
                        2L * d * 32 + 1024, bloom.bytes(), hidden);
            }
        } finally {
            BenchmarkNode.deleteDirectory(work);
        }
    }

    /** A's peers, of which the answers only report exchanges: nobody keeps count here. */
    private static final PeerDirectory NO_PEERS = new PeerDirectory() {
        @Override
        public Peer add(java.net.URI url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Peer> list() {
            return List.of();
        }

        @Override
        public java.util.Optional<Peer> find(String nodeIdOrUrl) {
            return java.util.Optional.empty();
        }

        @Override
        public boolean remove(String nodeIdOrUrl) {
            return false;
        }

        @Override
        public void refresh() {
        }

        @Override
        public void exchanged(String nodeId, long recordsIn, long recordsOut, String error) {
        }

        @Override
        public void misbehaved(String nodeId, long count, String what) {
        }

        @Override
        public void synced(String nodeId) {
        }
    };

    private static List<SignedRecord> readAll(BenchmarkNode node) {
        List<SignedRecord> all = new ArrayList<>();
        Map<String, List<RecordInventory.Range>> read = Map.of();
        while (true) {
            RecordInventory.Difference page = node.inventory().difference("market", read, 5000);
            all.addAll(page.records());
            if (!page.more() || page.records().isEmpty()) {
                return all;
            }
            long last = page.records().get(page.records().size() - 1).sequence();
            read = Map.of(node.identity().id(), List.of(new RecordInventory.Range(1, last)));
        }
    }

    private static void ingest(BenchmarkNode node, List<SignedRecord> records, Ed25519PublicKey originKey) {
        for (int from = 0; from < records.size(); from += 2000) {
            List<SignedRecord> chunk = records.subList(from, Math.min(records.size(), from + 2000));
            var report = node.ingest().ingest(chunk, origin -> java.util.Optional.of(originKey));
            if (!report.refused().isEmpty()) {
                throw new IllegalStateException("refused: " + report.refused().get(0));
            }
        }
    }

    /** A plain Bloom filter over (origin, sequence), sized for its items and false-positive rate. */
    private record Bloom(BitSet bits, int m, int k) {

        static Bloom of(List<SignedRecord> items, double falsePositives) {
            int m = (int) Math.ceil(-items.size() * Math.log(falsePositives) / (Math.log(2) * Math.log(2)));
            int k = Math.max(1, (int) Math.round((double) m / items.size() * Math.log(2)));
            Bloom bloom = new Bloom(new BitSet(m), m, k);
            items.forEach(bloom::add);
            return bloom;
        }

        void add(SignedRecord record) {
            for (int i = 0; i < k; i++) {
                bits.set(index(record, i));
            }
        }

        boolean mightContain(SignedRecord record) {
            for (int i = 0; i < k; i++) {
                if (!bits.get(index(record, i))) {
                    return false;
                }
            }
            return true;
        }

        int bytes() {
            return (m + 7) / 8;
        }

        private int index(SignedRecord record, int i) {
            byte[] hash = Digests.sha256((record.origin() + ':' + record.sequence() + ':' + i)
                    .getBytes(StandardCharsets.UTF_8));
            int value = ((hash[0] & 0xff) << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8) | (hash[3] & 0xff);
            return Math.floorMod(value, m);
        }
    }
}
