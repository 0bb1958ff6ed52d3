package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * To whom a record is pushed: every peer that runs its module, except the peer it came from (which has it) and its
 * origin (which wrote it). A plain decision with no transport in it, so that {@link RecordPush} and the network
 * simulator in {@code benchmarks/network} push by the very same rule.
 */
public final class PushTargets {

    private PushTargets() {
    }

    /**
     * @param peers      the peers that may be contacted now, in the order they are to be served
     * @param nodeId     a peer's node id
     * @param runsModule whether a peer runs the record's module compatibly
     * @param origin     the record's origin
     * @param from       the peer the record came from, or null if this node wrote it
     * @return the peers that get the record, in the order of {@code peers}
     */
    public static <P> List<P> of(List<P> peers, Function<P, String> nodeId, Predicate<P> runsModule, String origin,
            String from) {
        List<P> targets = new ArrayList<>(peers.size());
        for (P peer : peers) {
            String id = nodeId.apply(peer);
            if (!id.equals(from) && !id.equals(origin) && runsModule.test(peer)) {
                targets.add(peer);
            }
        }
        return targets;
    }
}
