package org.dump.node.internal.status;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dump.node.status.NodeQueues;
import org.dump.node.status.NodeQueues.Queue;
import org.junit.Test;

/** What {@code dump:queues} is told of the node's own queues, also while the database cannot be read. */
public class NodeQueueSizesTest {

    @Test
    public void theQueuesAreReadInAStableOrder() {
        NodeQueueSizes sizes = new NodeQueueSizes(() -> 12, () -> 3, () -> 7);
        assertEquals(List.of(new Queue("record-writes", 12, NodeQueues.NO_COUNT),
                new Queue("record-listener-changes", 3, NodeQueues.NO_COUNT),
                new Queue("consent-outbox", 7, NodeQueues.NO_COUNT)), sizes.queues());
    }

    @Test
    public void anOutboxTheDatabaseCannotReadIsMinusOneAndTheOtherRowsStillTell() {
        NodeQueueSizes sizes = new NodeQueueSizes(() -> 0, () -> 0, () -> {
            throw new IllegalStateException("the database is away");
        });
        assertEquals(new Queue("consent-outbox", NodeQueueSizes.UNREADABLE, NodeQueues.NO_COUNT),
                sizes.queues().get(2));
        assertEquals(new Queue("record-writes", 0, NodeQueues.NO_COUNT), sizes.queues().get(0));
    }
}
