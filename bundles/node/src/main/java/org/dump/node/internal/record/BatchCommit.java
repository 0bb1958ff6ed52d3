package org.dump.node.internal.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.FlushModeType;

import org.dump.api.record.RecordException;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
import org.dump.node.internal.record.RecordWriter.Pending;
import org.dump.node.internal.record.RecordWriter.SignedRecordChange;
import org.dump.node.internal.record.RecordWriter.Written;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of the {@link RecordWriter}, on its thread: the writes applied in one transaction, this node's highest
 * numbers and the seen versions stored with them, the commit, each write's result, and the committed changes
 * handed on. A write that refuses fails alone; a batch that cannot commit fails all its writes and leaves the
 * numbers it used noted as used. A batch that meets a full disk fails with a {@link StorageFullException}, and while
 * the disk stays full, batches fail with it at once ({@link DatabaseSpace}); one whose connection the database closed
 * fails with a {@link DatabaseUnavailableException}.
 */
final class BatchCommit {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCommit.class);

    private final EntityManagerFactory factory;
    private final SequenceNumbers sequences;
    private final SeenSequences seen;
    private final Consumer<List<SignedRecordChange>> committed;
    private final DatabaseSpace space;
    /** The number of the last batch begun, one thread only: the writer's. */
    private long batchNumber;

    /**
     * @param committed told of every committed batch, in commit order
     * @param lastBatch the highest batch number the database holds (RecordEntity's LOCAL_CHANGE)
     */
    BatchCommit(EntityManagerFactory factory, SequenceNumbers sequences, SeenSequences seen,
            Consumer<List<SignedRecordChange>> committed, DatabaseSpace space, long lastBatch) {
        this.batchNumber = lastBatch;
        this.factory = factory;
        this.space = space;
        this.sequences = sequences;
        this.seen = seen;
        this.committed = committed;
    }

    /** Applies {@code batch} in one transaction, commits it, and completes each write's result. */
    void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            space.checkWritable();
        } catch (StorageFullException full) {
            // Queued before the disk filled. Their numbers (of this node's writes) stay unused: a gap, as after a
            // crash; no version with them was stored or sent anywhere.
            batch.forEach(p -> p.result().completeExceptionally(full));
            return;
        }
        EntityManager manager = factory.createEntityManager();
        EntityTransaction transaction = manager.getTransaction();
        // Queries inside the batch must not flush it: that would send its updates one by one, not as one batch.
        // What they cannot see yet (rows added earlier in the batch) the batch remembers itself: see BatchRows.
        manager.setFlushMode(FlushModeType.COMMIT);
        List<Pending> applied = new ArrayList<>(batch.size());
        List<Written> written = new ArrayList<>(batch.size());
        List<Pending> unchanged = new ArrayList<>();
        List<SignedRecord> wasted = new ArrayList<>();
        Map<String, Long> highest = new HashMap<>();
        SeenSequences.Marks marks = seen.begin();
        long number = ++batchNumber; // a failed batch leaves its number unused: the index goes by "above", not "next"
        try {
            transaction.begin();
            BatchRows rows = new BatchRows(manager);
            rows.preload(batch.stream().map(p -> p.write().recordId()).filter(Objects::nonNull).toList());
            RecordWriter.Batch view = new RecordWriter.Batch() {
                @Override
                public RecordEntity record(String id) {
                    return rows.record(id);
                }

                @Override
                public void persist(RecordEntity entity) {
                    rows.create(entity);
                }

                @Override
                public void index(String recordId, Map<String, Double> numbers) {
                    rows.index(recordId, numbers);
                }

                @Override
                public long nextSequence(String module) {
                    return sequences.next(module);
                }

                @Override
                public boolean seen(String module, String origin, long sequence) {
                    return marks.contains(module, origin, sequence);
                }

                @Override
                public void markSeen(String module, String origin, long from, long to) {
                    marks.add(module, origin, from, to);
                }

                @Override
                public void wasted(SignedRecord version) {
                    wasted.add(version);
                    marks.add(version.module(), version.origin(), version.sequence(), version.sequence());
                    highest.merge(version.module(), version.sequence(), Math::max);
                }
            };
            for (Pending pending : batch) {
                try {
                    Written change = pending.write().apply(view);
                    if (change == null) {
                        unchanged.add(pending);
                    } else {
                        written.add(change);
                        applied.add(pending);
                    }
                } catch (RecordException refused) {
                    pending.result().completeExceptionally(refused);
                }
            }
            List<SignedRecord> signed = written.stream().map(Written::version).toList();
            for (int i = 0; i < written.size(); i++) {
                written.get(i).entity().copy(signed.get(i));
                written.get(i).entity().localChange(number);
                if (written.get(i).local()) {
                    // This node's own numbers only: those of other origins are theirs to count.
                    highest.merge(signed.get(i).module(), signed.get(i).sequence(), Math::max);
                } else {
                    // Verified before it got here: it bounds the gone this node believes of its origin (GoneRule).
                    marks.signed(signed.get(i).module(), signed.get(i).origin(), signed.get(i).sequence());
                }
                marks.add(signed.get(i).module(), signed.get(i).origin(), signed.get(i).sequence(),
                        signed.get(i).sequence());
            }
            highest.forEach((module, sequence) -> sequences.store(manager, module, sequence));
            marks.store(manager);
            rows.insertCreated();
            transaction.commit();
            space.wrote();
            marks.publish();
            unchanged.forEach(p -> p.result().complete(null));
            List<SignedRecordChange> changes = new ArrayList<>(written.size());
            for (int i = 0; i < applied.size(); i++) {
                changes.add(new SignedRecordChange(written.get(i).kind(), signed.get(i), written.get(i).before(),
                        written.get(i).local(), number));
            }
            try {
                // Before the writers return: a search that a writer makes next must know to wait for this batch.
                committed.accept(changes);
            } finally {
                for (int i = 0; i < applied.size(); i++) {
                    applied.get(i).result().complete(signed.get(i));
                }
            }
        } catch (RuntimeException e) {
            RuntimeException failure = space.failed(e, true);
            if (!(failure instanceof DatabaseUnavailableException)) {
                LOG.warn("A batch of {} record writes was rolled back: {}", applied.size(), e.toString());
                failure = new IllegalStateException("the record could not be stored: " + e.getMessage(), e);
            } // else the database space has said what happened to the database, once
            RuntimeException outcome = failure;
            // Every write of the batch, also those the failure came before (Derby may fail a read that has to write
            // a page out of its cache first): none may wait for ever. Those refused already keep their refusal.
            batch.forEach(p -> p.result().completeExceptionally(outcome));
            forgetLost(written, wasted);
        } finally {
            end(manager, transaction);
        }
    }

    /**
     * Rolls back what is still open and closes the manager. Both fail on a connection the database closed (Derby
     * shuts the database down when it cannot write a page or its log): the batch has failed already, and says why.
     */
    private static void end(EntityManager manager, EntityTransaction transaction) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException closedAlready) {
            LOG.debug("Rolling back a failed batch: {}", closedAlready.toString());
        } finally {
            try {
                manager.close();
            } catch (RuntimeException closedAlready) {
                LOG.debug("Closing the entity manager of a failed batch: {}", closedAlready.toString());
            }
        }
    }

    /**
     * This node's numbers that a failed batch used are never used again: they are marked as seen and stored as
     * this node's highest, in a transaction of their own, so that no node keeps asking for versions that will
     * never exist and no restart hands them out again.
     */
    private void forgetLost(List<Written> written, List<SignedRecord> wasted) {
        SeenSequences.Marks lost = seen.begin();
        Map<String, Long> highest = new HashMap<>();
        List<SignedRecord> versions = new ArrayList<>(wasted);
        written.stream().filter(Written::local).map(Written::version).forEach(versions::add);
        for (SignedRecord record : versions) {
            lost.add(record.module(), record.origin(), record.sequence(), record.sequence());
            highest.merge(record.module(), record.sequence(), Math::max);
        }
        EntityManager manager = factory.createEntityManager();
        try {
            manager.getTransaction().begin();
            highest.forEach((module, sequence) -> sequences.store(manager, module, sequence));
            lost.store(manager);
            manager.getTransaction().commit();
            lost.publish();
        } catch (RuntimeException e) {
            LOG.warn("Could not note the sequence numbers of a failed batch as used: {}", e.toString());
        } finally {
            end(manager, manager.getTransaction());
        }
    }
}
