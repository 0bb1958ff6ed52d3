package org.dump.node.internal.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SequenceSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node has seen of every (module, origin): the version vector with exceptions that anti-entropy
 * exchanges. Kept in memory and in DUMP_RECORD_SEEN. It changes only on the record writer's thread, through the
 * {@link Marks} of a batch, which are written in the batch's transaction and visible to readers once it has
 * committed; so what a summary says was seen is always stored, replaced or deleted.
 */
final class SeenSequences {

    private record Key(String module, String origin) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SeenSequences.class);

    private final Transactions transactions;
    private final HighestSigned highs;
    /** module → origin → seen; loaded per module on first use. Guarded by this. */
    private final Map<String, Map<String, SequenceSet>> byModule = new HashMap<>();

    SeenSequences(Transactions transactions) {
        this.transactions = transactions;
        this.highs = new HighestSigned(transactions);
    }

    /** @return the highest number {@code origin} has signed in a record of {@code module} seen here, 0 if none */
    long highestSigned(String module, String origin) {
        return highs.of(module, origin);
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
        private final Map<Key, Long> signed = new HashMap<>();

        /** Notes that another origin signed a version numbered {@code sequence}, seen (and verified) in this batch. */
        void signed(String module, String origin, long sequence) {
            loaded(module);
            signed.merge(new Key(module, origin), sequence, Math::max);
        }

        void add(String module, String origin, long from, long to) {
            loaded(module);
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
            signed.forEach((key, high) -> {
                if (high > highs.of(key.module(), key.origin())) {
                    HighestSigned.store(manager, key.module(), key.origin(), high);
                }
            });
        }

        /** Makes the stored sets what readers see; call after the batch's transaction has committed. */
        void publish() {
            synchronized (SeenSequences.this) {
                merged.forEach((key, set) -> module(key.module()).put(key.origin(), set));
            }
            signed.forEach((key, high) -> highs.publish(key.module(), Map.of(key.origin(), high)));
        }
    }

    /**
     * Loads what was seen of {@code module} now, if not yet: before the batch's transaction locks rows of
     * DUMP_RECORD_SEQUENCE, which loading reads on a connection of its own.
     */
    private synchronized void loaded(String module) {
        module(module);
        highs.of(module, "");
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
        forgetUnsigned(module, seen);
        return seen;
    }

    /**
     * Forgets numbers above the highest each origin has signed in a record seen here. Only a peer's {@code gone}
     * could have put them there, before {@link GoneRule} kept such numbers out: left, they would make this node
     * refuse the origin's future records as seen, and tell its own peers they are gone.
     */
    private void forgetUnsigned(String module, Map<String, SequenceSet> seen) {
        Map<String, SequenceSet> trimmed = new HashMap<>();
        seen.forEach((origin, set) -> {
            long high = highs.of(module, origin);
            List<Range> ranges = set.ranges();
            if (high < Long.MAX_VALUE && !ranges.isEmpty() && ranges.get(ranges.size() - 1).to() > high) {
                trimmed.put(origin, SequenceSet.of(set.minus(List.of(new Range(high + 1, Long.MAX_VALUE)))));
            }
        });
        if (trimmed.isEmpty()) {
            return;
        }
        transactions.write(manager -> {
            trimmed.forEach((origin, set) -> {
                RecordSeenEntity row = manager.find(RecordSeenEntity.class,
                        new RecordSequenceEntity.Key(module, origin));
                if (set.ranges().isEmpty()) {
                    manager.remove(row);
                } else {
                    row.seen(set.format());
                }
            });
            return null;
        });
        trimmed.forEach((origin, set) -> {
            LOG.warn("Module {}: numbers of origin {} above {}, the highest it signed in a record seen here, were "
                    + "noted as gone; forgotten again, so that its records are taken", module, origin,
                    highs.of(module, origin));
            if (set.ranges().isEmpty()) {
                seen.remove(origin);
            } else {
                seen.put(origin, set);
            }
        });
    }
}
