package org.dump.node.internal.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SequenceSet;

/**
 * What this node has seen of every (module, origin): the version vector with exceptions that anti-entropy
 * exchanges. Kept in memory and in DUMP_RECORD_SEEN. It changes only on the record writer's thread, through the
 * {@link Marks} of a batch, which are written in the batch's transaction and visible to readers once it has
 * committed; so what a summary says was seen is always stored, replaced or deleted.
 */
final class SeenSequences {

    private record Key(String module, String origin) {
    }

    private final Transactions transactions;
    /** module → origin → seen; loaded per module on first use. Guarded by this. */
    private final Map<String, Map<String, SequenceSet>> byModule = new HashMap<>();

    SeenSequences(Transactions transactions) {
        this.transactions = transactions;
    }

    /** @return per origin, the ranges of sequence numbers seen of {@code module} */
    synchronized Map<String, List<Range>> summary(String module) {
        Map<String, List<Range>> summary = new TreeMap<>();
        module(module).forEach((origin, seen) -> summary.put(origin, seen.ranges()));
        return summary;
    }

    /** @return a copy of what was seen of {@code origin} in {@code module} */
    synchronized SequenceSet of(String module, String origin) {
        SequenceSet seen = module(module).get(origin);
        return seen == null ? new SequenceSet() : new SequenceSet(seen);
    }

    /** @return a new, empty set of marks for one batch */
    Marks begin() {
        return new Marks();
    }

    /** The numbers one batch has seen, on top of what was seen before it. */
    final class Marks {

        private final Map<Key, SequenceSet> added = new HashMap<>();
        private final Map<Key, SequenceSet> merged = new HashMap<>();

        void add(String module, String origin, long from, long to) {
            added.computeIfAbsent(new Key(module, origin), key -> new SequenceSet()).add(from, to);
        }

        /** @return whether {@code sequence} was seen before this batch or in it */
        boolean contains(String module, String origin, long sequence) {
            SequenceSet mine = added.get(new Key(module, origin));
            if (mine != null && mine.contains(sequence)) {
                return true;
            }
            synchronized (SeenSequences.this) {
                SequenceSet seen = module(module).get(origin);
                return seen != null && seen.contains(sequence);
            }
        }

        /** Writes the sets these marks change into the batch's transaction; readers see them after {@link #publish}. */
        void store(EntityManager manager) {
            added.forEach((key, numbers) -> {
                SequenceSet set = of(key.module(), key.origin());
                set.addAll(numbers);
                merged.put(key, set);
                RecordSeenEntity row = manager.find(RecordSeenEntity.class,
                        new RecordSequenceEntity.Key(key.module(), key.origin()));
                if (row == null) {
                    manager.persist(new RecordSeenEntity(key.module(), key.origin(), set.format()));
                } else {
                    row.seen(set.format());
                }
            });
        }

        /** Makes the stored sets what readers see; call after the batch's transaction has committed. */
        void publish() {
            synchronized (SeenSequences.this) {
                merged.forEach((key, set) -> module(key.module()).put(key.origin(), set));
            }
        }
    }

    /** Guarded by this. */
    private Map<String, SequenceSet> module(String module) {
        return byModule.computeIfAbsent(module, this::load);
    }

    /**
     * Reads what was seen of a module. A node whose database predates DUMP_RECORD_SEEN has seen at least what it
     * stores: its sets are made from the records themselves, once, and written at once for every origin, so that
     * none is left to be worked out again (or forgotten) at the next start.
     */
    private Map<String, SequenceSet> load(String module) {
        Map<String, SequenceSet> seen = new HashMap<>();
        transactions.read(manager -> {
            manager.createQuery("SELECT s FROM RecordSeenEntity s WHERE s.module = :module", RecordSeenEntity.class)
                    .setParameter("module", module).getResultList()
                    .forEach(row -> seen.put(row.origin(), SequenceSet.parse(row.seen())));
            return null;
        });
        if (seen.isEmpty()) {
            transactions.write(manager -> {
                manager.createQuery("SELECT r.origin, r.sequence FROM RecordEntity r WHERE r.module = :module",
                                Object[].class).setParameter("module", module).getResultList()
                        .forEach(row -> seen.computeIfAbsent((String) row[0], origin -> new SequenceSet())
                                .add(((Number) row[1]).longValue()));
                seen.forEach((origin, set) -> manager.persist(new RecordSeenEntity(module, origin, set.format())));
                return null;
            });
        }
        return seen;
    }
}
