package org.dump.node.internal.record;

import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.crypto.Identifiers;
import org.dump.crypto.SignatureBatch;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.TestNodeIdentity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checks per second of a record's signature against its origin's key (Ed25519, Bouncy Castle), on one thread and
 * on two: what every record taken in from a peer costs before the database sees it, and so the ceiling of
 * catch-up on this machine whatever the database does. The batch variants check {@value #BATCH} records of one
 * origin at once ({@link SignatureBatch}), as a node catching up does; their score is records per second too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RecordVerifyBenchmark {

    static final int BATCH = 250;

    private final TestNodeIdentity origin = new TestNodeIdentity();
    private final SignedRecord[] records = new SignedRecord[1000];
    private final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void sign() {
        Random random = new Random(42);
        RecordSigner signer = new RecordSigner(origin);
        for (int i = 0; i < records.length; i++) {
            String payload = PayloadJson.write(BenchmarkNode.listing(random), 512 * 1024);
            records[i] = signer.sign(new SignedRecord("market", "listing", Identifiers.random(),
                    origin.id(), i + 1, "authorauthorauthorauthorau", 1000, 1000, "1.0.0", false, payload, null));
        }
    }

    @Benchmark
    @Threads(1)
    public boolean oneThread() {
        return verifyNext();
    }

    @Benchmark
    @Threads(2)
    public boolean twoThreads() {
        return verifyNext();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public boolean batchOneThread() {
        return verifyNextBatch();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public boolean batchTwoThreads() {
        return verifyNextBatch();
    }

    private boolean verifyNextBatch() {
        int first = Math.floorMod(next.getAndAdd(BATCH), records.length - BATCH);
        SignatureBatch batch = new SignatureBatch();
        for (int i = first; i < first + BATCH; i++) {
            batch.add(origin.publicKey(), records[i].signedBytes(), Base64.getDecoder().decode(records[i].signature()));
        }
        if (!batch.allValid()) {
            throw new IllegalStateException("records signed here do not verify");
        }
        return true;
    }

    private boolean verifyNext() {
        SignedRecord record = records[Math.floorMod(next.getAndIncrement(), records.length)];
        if (!record.verify(origin.publicKey())) {
            throw new IllegalStateException("a record signed here does not verify");
        }
        return true;
    }
}
