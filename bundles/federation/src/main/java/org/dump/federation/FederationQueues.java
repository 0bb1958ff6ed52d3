package org.dump.federation;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How full the federation's bounded structures are now: queues, per-peer state, memories of nonces, the work queues
 * of its threads. For the administrator ({@code dump:queues}) and for measurements that watch a node under load.
 *
 * @since 2.6
 */
@ProviderType
public interface FederationQueues {

    /** {@link Queue#limit} of a structure whose bound is not a count (a time, its callers, a rule). */
    long NO_COUNT = -1;

    /**
     * One structure.
     *
     * @param name  its name, in kebab case: {@code push-bytes}, {@code replay-guard-nonces}
     * @param size  how much it holds now, in the unit its name says (entries unless it says otherwise)
     * @param limit the most it holds, in that unit; {@link #NO_COUNT} if its bound is not a count
     */
    record Queue(String name, long size, long limit) {

        public Queue {
            java.util.Objects.requireNonNull(name, "name");
        }
    }

    /** @return every structure, in an order that stays the same */
    List<Queue> queues();
}
