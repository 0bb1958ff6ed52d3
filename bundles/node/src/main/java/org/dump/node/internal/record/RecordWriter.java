package org.dump.node.internal.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordException;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records on one thread, many per transaction (group commit). A commit costs a log flush to disk whatever
 * it holds, so writers that arrive while one transaction commits share the next one: throughput grows with the
 * number of concurrent writers instead of being capped by the disk. Each write still returns only after its own
 * transaction has committed, and a write that is refused (not the author, unknown record) fails alone without
 * touching the others of its batch. This class queues writes and runs the thread; {@link BatchCommit} applies and
 * commits each batch.
 */
final class RecordWriter implements AutoCloseable {

    /** One change to apply inside a batch's transaction. */
    interface Write {
        /**
         * Applies the change to {@code batch}. Must throw a {@link RecordException} before changing anything if it
         * refuses; may not throw once it has changed something.
         *
         * @return what it wrote, or null if there was nothing to write (a record this node already had)
         */
        Written apply(Batch batch);

        /** @return the id of the record this write changes, if known before it runs: its row is read with others */
        default String recordId() {
            return null;
        }
    }

    /**
     * What a write did: the entity it changed, the new record version for it, signed by its origin (this node's
     * are signed by {@link LocalRecordWrites} before they are queued: the writer signs nothing), and the change to
     * announce after commit (for a delete, with {@code before}, the record as it was).
     */
    record Written(RecordEntity entity, SignedRecord version, RecordChange.Kind kind, SignedRecord before,
            boolean local) {

        Written {
            if (version.signature() == null) {
                throw new IllegalArgumentException("record " + version.id() + " is not signed");
            }
        }

        Written(RecordEntity entity, SignedRecord version, RecordChange.Kind kind) {
            this(entity, version, kind, null, true);
        }
    }

    /** The transaction of one batch, as writes see it. */
    interface Batch {
        /** @return the stored row of a record, or null; rows of the batch's {@link Write#recordId}s come in one pass */
        RecordEntity record(String id);

        /** Stores a new record row, which {@link #record} finds from then on; it is inserted as the batch leaves it. */
        void persist(RecordEntity entity);

        /** Makes the number rows of a record say what {@code numbers} says. */
        void index(String recordId, Map<String, Double> numbers);

        /** @return the next sequence number of this node for {@code module} */
        long nextSequence(String module);

        /** @return whether this node has seen that version, before this batch or in it */
        boolean seen(String module, String origin, long sequence);

        /** Notes versions as seen that this batch stores no record for (older versions, versions gone elsewhere). */
        void markSeen(String module, String origin, long from, long to);

        /**
         * Notes that a version this node numbered (and signed) will never be stored: its number is used up, as seen
         * and as this node's highest, so that it is neither handed out again after a restart nor asked for.
         */
        void wasted(SignedRecord version);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);
    private static final int MAX_BATCH = 500;

    private final BatchCommit commits;
    private final DatabaseSpace space;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * A committed change with the signed record version it wrote and, for a delete, the version it replaced; kind
     * is null for a change nobody needs to hear of (the deletion of a record this node never had). {@code batch} is
     * the number of the writer batch that committed it, as its row's LOCAL_CHANGE holds it.
     */
    record SignedRecordChange(RecordChange.Kind kind, SignedRecord record, SignedRecord before, boolean local,
            long batch) {
    }

    /** A queued write and what its caller waits for. */
    record Pending(Write write, CompletableFuture<SignedRecord> result) {
    }

    /**
     * @param committed told of every committed batch, in commit order, on the writer thread
     * @param space     asked before each batch, told how it ended
     * @param lastBatch the highest batch number in the database: batches are numbered on from it
     */
    RecordWriter(EntityManagerFactory factory, SequenceNumbers sequences, SeenSequences seen,
            Consumer<List<SignedRecordChange>> committed, DatabaseSpace space, long lastBatch) {
        this.commits = new BatchCommit(factory, sequences, seen, committed, space, lastBatch);
        this.space = space;
        this.thread = new Thread(this::run, "dump-record-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Refuses a write at once while the database's disk is full: before a sequence number is taken and a version
     * signed for nothing, and without a wait in the queue.
     *
     * @throws org.dump.node.persistence.StorageFullException while the disk is full
     */
    void checkWritable() {
        space.checkWritable();
    }

    /**
     * Applies {@code write} in the next transaction and waits for its commit.
     *
     * @return the signed record version it wrote
     * @throws RecordException as the write threw it
     */
    SignedRecord write(Write write) {
        return await(submit(write));
    }

    /** Queues every write for the next transactions and returns at once; {@link #awaitAll} waits for them. */
    List<CompletableFuture<SignedRecord>> submitAll(List<Write> writes) {
        return writes.stream().map(this::submit).toList();
    }

    /**
     * @return per write: the signed record version it wrote, null if it wrote nothing, or the
     *         {@link RecordException} it was refused with
     */
    static List<Object> awaitAll(List<CompletableFuture<SignedRecord>> results) {
        List<Object> outcomes = new ArrayList<>(results.size());
        for (CompletableFuture<SignedRecord> result : results) {
            try {
                outcomes.add(await(result));
            } catch (RecordException refused) {
                outcomes.add(refused);
            }
        }
        return outcomes;
    }

    private CompletableFuture<SignedRecord> submit(Write write) {
        if (closed) {
            throw new IllegalStateException("the record store is shutting down");
        }
        CompletableFuture<SignedRecord> result = new CompletableFuture<>();
        queue.add(new Pending(write, result));
        return result;
    }

    /** @return the writes waiting for the next transactions (bounded by their callers, who wait for them) */
    int queued() {
        return queue.size();
    }

    private static SignedRecord await(CompletableFuture<SignedRecord> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a record to be written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.take();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commits.commit(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    queue.drainTo(batch);
                    commits.commit(batch);
                    return;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("Record writer failed on a batch of {}", batch.size(), e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
