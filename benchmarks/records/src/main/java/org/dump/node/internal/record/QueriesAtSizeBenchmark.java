package org.dump.node.internal.record;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.node.record.RecordVerification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 22, item 11: what one page of the market's queries costs as the store grows, and what record-verify costs,
 * on a heap as small as a node's (256 MB). The store is filled, then asked as the market asks with {@code limit=5}:
 * newest first, by price either way, and a page deep in (offset 50,000). {@link #verify} checks every record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class QueriesAtSizeBenchmark {

    @Param({"10000", "125000"})
    public int listings;

    private BenchmarkNode node;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        node = new BenchmarkNode(Files.createTempDirectory("dump-bench-size"));
        // A query while the table is empty first, as on a node that is new when its first peer sends everything.
        newest();
        node.fill(listings);
    }

    @TearDown(Level.Trial)
    public void discard() throws IOException {
        node.discard();
    }

    /** The market's first page: {@code GET /api/modules/market/listings?limit=5}. */
    @Benchmark
    public RecordPage newest() {
        return page(RecordQuery.ofType("listing").page(0, 5));
    }

    @Benchmark
    public RecordPage cheapestFirst() {
        return page(RecordQuery.ofType("listing").page(0, 5).orderBy(RecordQuery.Order.byNumber("price", false)));
    }

    @Benchmark
    public RecordPage dearestFirst() {
        return page(RecordQuery.ofType("listing").page(0, 5).orderBy(RecordQuery.Order.byNumber("price", true)));
    }

    @Benchmark
    public RecordPage newestDeep() {
        return page(RecordQuery.ofType("listing").page(Math.min(50_000, listings / 2), 5));
    }

    private RecordPage page(RecordQuery query) {
        return node.records.query("market", query);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public RecordVerification.Report verify() {
        return node.records.verify("market");
    }
}
