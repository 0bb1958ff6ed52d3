package org.dump.node.status;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How full the node's own queues are now: the record store's writes and its listeners' changes, the consent
 * messages waiting for delivery. For the administrator ({@code dump:queues}) and for measurements under load.
 *
 * @since 1.1
 */
@ProviderType
public interface NodeQueues {

    /** {@link Queue#limit} of a queue whose bound is not a count (its callers, who wait; the database). */
    long NO_COUNT = -1;

    /**
     * One queue.
     *
     * @param name  its name, in kebab case: {@code record-writes}
     * @param size  how many entries it holds now
     * @param limit the most it holds; {@link #NO_COUNT} if its bound is not a count
     */
    record Queue(String name, long size, long limit) {

        public Queue {
            java.util.Objects.requireNonNull(name, "name");
        }
    }

    /** @return every queue, in an order that stays the same */
    List<Queue> queues();
}
