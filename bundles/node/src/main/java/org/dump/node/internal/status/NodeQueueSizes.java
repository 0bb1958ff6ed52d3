package org.dump.node.internal.status;

import java.util.List;
import java.util.function.LongSupplier;

import org.dump.node.internal.consent.ConsentOutbox;
import org.dump.node.internal.record.RecordCore;
import org.dump.node.internal.record.RecordListeners;
import org.dump.node.status.NodeQueues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The node's queues as {@code dump:queues} shows them. None has a count for its bound: the record writes are bounded
 * by their writers, who wait for them; the listeners' changes by the writes (see the audit of issue 27); the consent
 * outbox is a table, one message per conversation, kept until delivered.
 */
@Component(service = NodeQueues.class)
public final class NodeQueueSizes implements NodeQueues {

    /** The size of a queue that cannot be read now (the database is unavailable). */
    static final long UNREADABLE = -1;

    private final LongSupplier writes;
    private final LongSupplier changes;
    private final LongSupplier outbox;

    @Activate
    public NodeQueueSizes(@Reference RecordCore core, @Reference RecordListeners listeners,
            @Reference ConsentOutbox outbox) {
        this(core::writesQueued, listeners::changesQueued, outbox::waiting);
    }

    NodeQueueSizes(LongSupplier writes, LongSupplier changes, LongSupplier outbox) {
        this.writes = writes;
        this.changes = changes;
        this.outbox = outbox;
    }

    @Override
    public List<Queue> queues() {
        return List.of(new Queue("record-writes", writes.getAsLong(), NO_COUNT),
                new Queue("record-listener-changes", changes.getAsLong(), NO_COUNT),
                new Queue("consent-outbox", readable(outbox), NO_COUNT));
    }

    private static long readable(LongSupplier size) {
        try {
            return size.getAsLong();
        } catch (RuntimeException unavailable) {
            return UNREADABLE; // a table the database cannot read now; the other rows still tell
        }
    }
}
