package org.dump.node.internal.record;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.dump.api.record.AuthorReference;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local record writes per second: a listing created, signed with the node key and committed to the database before
 * the call returns. One writer sees the cost of one commit per write; many writers (as many users of a node, or a
 * module writing from several threads) share commits through the store's group commit. On embedded Derby and on
 * PostgreSQL (a fresh database each trial, dropped after; see {@link BenchmarkDatabase} for the server), in the
 * same run: {@code -p database=derby} for one of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RecordWriteBenchmark {

    private static final AuthorReference AUTHOR = new AuthorReference("benchmarkauthorbenchmarkau");

    @Param({"derby", "postgresql"})
    public String database;

    /** {@code index}: the store keeps its text index in step with every write (issue 28); {@code none}: no index. */
    @Param({"index", "none"})
    public String search;

    private BenchmarkNode node;

    @Setup(Level.Trial)
    public void start() throws IOException {
        node = new BenchmarkNode(Files.createTempDirectory("dump-bench-writes"), database, "index".equals(search));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        node.close();
        node.delete();
    }

    @Benchmark
    @Threads(1)
    public Object oneWriter() {
        return create();
    }

    @Benchmark
    @Threads(16)
    public Object sixteenWriters() {
        return create();
    }

    @Benchmark
    @Threads(64)
    public Object sixtyFourWriters() {
        return create();
    }

    private Object create() {
        Random random = ThreadLocalRandom.current();
        return node.records.create(BenchmarkNode.MARKET, "listing", BenchmarkNode.listing(random), AUTHOR);
    }
}
