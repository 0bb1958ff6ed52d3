package org.dump.node.internal.record;

import java.util.HashMap;
import java.util.Map;

import javax.persistence.EntityManager;

import org.dump.node.persistence.Transactions;

/**
 * Per (module, origin), the highest sequence number that the origin has signed in a record this node has seen and
 * verified, pushed or pulled, kept or not. It bounds what this node believes of {@code gone} ({@link GoneRule}): an
 * origin can have numbered no version above it that this node could know of. Kept in memory and in
 * DUMP_RECORD_SEQUENCE (one row per module and origin; this node's own row is {@link SequenceNumbers}'), so that it
 * survives a restart. A database of before this class has no rows for other origins: their highest stored
 * number stands in.
 */
final class HighestSigned {

    private final Transactions transactions;
    /** module → origin → highest; loaded per module on first use. Guarded by this. */
    private final Map<String, Map<String, Long>> byModule = new HashMap<>();

    HighestSigned(Transactions transactions) {
        this.transactions = transactions;
    }

    /** @return the highest number of {@code origin} seen signed in {@code module}, 0 if none */
    synchronized long of(String module, String origin) {
        return module(module).getOrDefault(origin, 0L);
    }

    /** Makes {@code highs} (origin → highest of a committed batch) what readers see. */
    synchronized void publish(String module, Map<String, Long> highs) {
        Map<String, Long> known = module(module);
        highs.forEach((origin, high) -> known.merge(origin, high, Math::max));
    }

    /** Writes {@code high} as the highest of another origin, in the batch's transaction, unless a higher one is there. */
    static void store(EntityManager manager, String module, String origin, long high) {
        int updated = manager.createQuery("UPDATE RecordSequenceEntity s SET s.last = :high"
                        + " WHERE s.module = :module AND s.origin = :origin AND s.last < :high")
                .setParameter("high", high).setParameter("module", module).setParameter("origin", origin)
                .executeUpdate();
        if (updated == 0 && manager.find(RecordSequenceEntity.class,
                new RecordSequenceEntity.Key(module, origin)) == null) {
            RecordSequenceEntity row = new RecordSequenceEntity(module, origin);
            row.last(high);
            manager.persist(row);
        }
    }

    /** Guarded by this. */
    private Map<String, Long> module(String module) {
        return byModule.computeIfAbsent(module, this::load);
    }

    private Map<String, Long> load(String module) {
        Map<String, Long> highs = new HashMap<>();
        transactions.read(manager -> {
            manager.createQuery("SELECT s.origin, s.last FROM RecordSequenceEntity s WHERE s.module = :module",
                            Object[].class).setParameter("module", module).getResultList()
                    .forEach(row -> highs.merge((String) row[0], ((Number) row[1]).longValue(), Math::max));
            manager.createQuery("SELECT r.origin, MAX(r.sequence) FROM RecordEntity r WHERE r.module = :module"
                            + " GROUP BY r.origin", Object[].class).setParameter("module", module).getResultList()
                    .forEach(row -> highs.merge((String) row[0], ((Number) row[1]).longValue(), Math::max));
            return null;
        });
        return highs;
    }
}
