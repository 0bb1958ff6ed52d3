package org.dump.node.internal.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManager;

import org.dump.node.persistence.Transactions;

/**
 * This node's sequence numbers, per module. Handed out from memory, so that a write can be numbered and signed
 * on the writer's own thread before it joins a batch; the highest number used is written to DUMP_RECORD_SEQUENCE
 * with every batch, so a number is never handed out twice, also across restarts. A batch that fails to commit
 * leaves its numbers unused for good: a gap, which other nodes treat like a record that was deleted.
 */
final class SequenceNumbers {

    private final Transactions transactions;
    private final String origin;
    private final Map<String, AtomicLong> last = new ConcurrentHashMap<>();

    SequenceNumbers(Transactions transactions, String origin) {
        this.transactions = transactions;
        this.origin = origin;
    }

    /** @return the next number of this node for {@code module} */
    long next(String module) {
        return last.computeIfAbsent(module, this::load).incrementAndGet();
    }

    /** Writes {@code highest} as the module's last number, in the batch's transaction, unless a higher one is there. */
    void store(EntityManager manager, String module, long highest) {
        HighestSigned.store(manager, module, origin, highest);
    }

    private AtomicLong load(String module) {
        return new AtomicLong(transactions.read(manager -> {
            RecordSequenceEntity row = manager.find(RecordSequenceEntity.class,
                    new RecordSequenceEntity.Key(module, origin));
            return row == null ? 0L : row.last();
        }));
    }
}
