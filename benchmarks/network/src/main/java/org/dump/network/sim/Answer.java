package org.dump.network.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dump.federation.internal.reconcile.Run;

/**
 * What a holder sends for version numbers it was asked for: the versions it stores, as records, and the other numbers
 * as {@code gone} (§7.2). The receiver takes the records first, then believes {@code gone} within the bound.
 */
final class Answer {

    /** The members around the records: {@code {"records":[…],"originKeys":{…},"gone":{…}}}. */
    private static final int ENVELOPE = 40;
    /** An origin key: {@code "<id>":"<base64 key>",}. */
    private static final int ORIGIN_KEY = 82;
    /** An origin in {@code gone} and a number of it, as {@code [n,n]}. */
    private static final int GONE_ORIGIN = 37;
    private static final int GONE_NUMBER = 12;

    private final List<Integer> records = new ArrayList<>();
    private final List<long[]> gone = new ArrayList<>();
    private final Set<Integer> origins = new HashSet<>();
    private final Set<Integer> goneOrigins = new HashSet<>();

    /** @return what {@code holder} answers for the numbers {@code asked} */
    static Answer of(Network network, SimNode holder, List<Run> asked) {
        Answer answer = new Answer();
        for (Run run : asked) {
            int origin = network.originOf(run.origin());
            for (long seq = run.from(); seq <= run.to(); seq++) {
                answer.add(network, holder, origin, seq);
            }
        }
        return answer;
    }

    /** @return what {@code holder} answers to a summary of {@code asker} (NodeRecords.difference) */
    static Answer difference(Network network, SimNode holder, SimNode asker) {
        Answer answer = new Answer();
        if (holder.seen.digest() != asker.seen.digest()) {
            holder.seen.lackedBy(asker.seen, (origin, seq) -> answer.add(network, holder, origin, seq));
        }
        return answer;
    }

    private void add(Network network, SimNode holder, int origin, long seq) {
        int version = network.versions.find(origin, seq);
        if (version >= 0 && Math.abs(holder.stored(network.versions.record(version))) == seq) {
            records.add(version);
            origins.add(origin);
        } else {
            gone.add(new long[] {origin, seq});
            goneOrigins.add(origin);
        }
    }

    /** @return the same without {@code gone}: what a node pushes of what a peer lacks */
    Answer recordsOnly() {
        Answer answer = new Answer();
        answer.records.addAll(records);
        answer.origins.addAll(origins);
        return answer;
    }

    boolean isEmpty() {
        return records.isEmpty() && gone.isEmpty();
    }

    int records() {
        return records.size();
    }

    /** @return its bytes: {@code {}} when empty */
    long bytes(int recordBytes) {
        if (isEmpty()) {
            return 2;
        }
        return ENVELOPE + (long) records.size() * (recordBytes + 1) + (long) origins.size() * ORIGIN_KEY
                + (long) goneOrigins.size() * GONE_ORIGIN + (long) gone.size() * GONE_NUMBER;
    }

    /** {@code node} takes the records in as if pushed, then notes the numbers gone. */
    void deliver(Network network, SimNode node, SimNode from) {
        deliver(network, node, from, false);
    }

    /** The same; {@code pulled}: the answer to a graft, which the gossip tree learns from like a push. */
    void deliver(Network network, SimNode node, SimNode from, boolean pulled) {
        for (int version : records) {
            network.take(node, version, from, from.hops(network.versions.record(version)) + 1, pulled);
        }
        for (long[] number : gone) {
            network.gone(node, (int) number[0], number[1]);
        }
    }
}
