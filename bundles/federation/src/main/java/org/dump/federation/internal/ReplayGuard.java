package org.dump.federation.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the nonces of signed requests for as long as their signatures are accepted, so that a captured request
 * cannot be sent again. Each signer has a memory of its own, bounded, so that one node filling its memory affects
 * that node only. A nonce is kept twice the allowed clock skew from when it arrived, on this node's clock: by then
 * its request is refused for its age whatever {@code created} it carries. When a signer's memory is full its oldest
 * nonces go first, and that signer's requests not newer (by their {@code created}) than one dropped are refused
 * rather than risked: an honest signer signs in order, so only one that sends out of order refuses itself.
 * <p>
 * All signers together have a bound too ({@code inAll}), since a signer can be any key made up for the purpose (a
 * relay's dial-back takes anyone's): while it is reached, a signer that is remembered makes room among its own
 * nonces, and one that is not is refused ({@link Verdict#FULL}) until nonces expire. A nonce is never forgotten
 * early without its signer refusing what is not newer, so no bound opens the door to a replay.
 * Callers apply their rate limits before asking, so requests refused for their rate take no room here.
 */
final class ReplayGuard {

    /** What became of a nonce. */
    enum Verdict {
        /** Seen for the first time, and remembered. */
        FIRST,
        /** Seen before, or not newer than one forgotten: a replay, or too old to tell. */
        SEEN,
        /** Its signer is not remembered, and there is no room for one more: try again later. */
        FULL
    }

    /** A nonce as remembered: when it arrived here, and the {@code created} its request carried. */
    private record Seen(long arrived, long created) {
    }

    /** One signer's nonces, oldest first, and the newest {@code created} dropped while not yet expired. */
    private static final class Memory {
        final LinkedHashMap<String, Seen> nonces = new LinkedHashMap<>();
        long forgottenUpTo = Long.MIN_VALUE;
    }

    private final Clock clock;
    private volatile int perSigner;
    private volatile int inAll;
    private final long keepSeconds;
    private final Map<String, Memory> bySigner = new HashMap<>();
    private int remembered;
    /** The second of the last sweep: expiry goes by whole seconds, so one sweep a second is enough. */
    private long sweptAt = Long.MIN_VALUE;

    /** @param perSigner the most nonces remembered for one signer; 100 times that for all */
    ReplayGuard(Clock clock, int perSigner) {
        this(clock, perSigner, 100 * perSigner);
    }

    /**
     * @param perSigner the most nonces remembered for one signer
     * @param inAll     the most nonces, and signers, remembered in all
     */
    ReplayGuard(Clock clock, int perSigner, int inAll) {
        this.clock = clock;
        this.perSigner = Math.max(1, perSigner);
        this.inAll = Math.max(1, inAll);
        this.keepSeconds = 2 * RequestSignatures.MAX_SKEW.toSeconds();
    }

    /** @return true the first time a node's nonce is seen, false for a replay, a request too old to tell, or no room */
    boolean firstTime(String nodeId, String nonce, long created) {
        return check(nodeId, nonce, created) == Verdict.FIRST;
    }

    /** @return whether the nonce is new (and now remembered), seen, or cannot be remembered now */
    synchronized Verdict check(String nodeId, String nonce, long created) {
        long now = clock.instant().getEpochSecond();
        if (now != sweptAt) {
            sweptAt = now;
            expire(now);
        }
        Memory memory = bySigner.get(nodeId);
        if (memory != null && (created <= memory.forgottenUpTo || memory.nonces.containsKey(nonce))) {
            return Verdict.SEEN;
        }
        boolean full = remembered >= inAll || memory == null && bySigner.size() >= inAll;
        if (full && (memory == null || memory.nonces.isEmpty())) {
            return Verdict.FULL;
        }
        if (memory == null) {
            memory = new Memory();
            bySigner.put(nodeId, memory);
        }
        memory.nonces.put(nonce, new Seen(now, created));
        remembered++;
        if (full || memory.nonces.size() > perSigner) {
            Iterator<Seen> oldest = memory.nonces.values().iterator();
            memory.forgottenUpTo = Math.max(memory.forgottenUpTo, oldest.next().created());
            oldest.remove();
            remembered--;
        }
        return Verdict.FIRST;
    }

    /** @return how many nonces are remembered for {@code nodeId} */
    synchronized int remembered(String nodeId) {
        Memory memory = bySigner.get(nodeId);
        return memory == null ? 0 : memory.nonces.size();
    }

    /**
     * New bounds from now on (the node's limits were changed): what is remembered beyond them stays until it expires,
     * and meanwhile makes room as a full memory does.
     */
    void resize(int newPerSigner, int newInAll) {
        perSigner = Math.max(1, newPerSigner);
        inAll = Math.max(1, newInAll);
    }

    /** @return how many nonces are remembered for all signers */
    synchronized int remembered() {
        return remembered;
    }

    /** @return the most nonces remembered for all signers */
    int limit() {
        return inAll;
    }

    /** Drops what arrived longer ago than twice the skew (this node's clock); forgets signers with nothing left. */
    private void expire(long now) {
        for (Iterator<Memory> memories = bySigner.values().iterator(); memories.hasNext();) {
            Memory memory = memories.next();
            Iterator<Seen> oldest = memory.nonces.values().iterator();
            while (oldest.hasNext() && oldest.next().arrived() < now - keepSeconds) {
                oldest.remove();
                remembered--;
            }
            if (memory.nonces.isEmpty() && memory.forgottenUpTo < now - keepSeconds) {
                memories.remove();
            }
        }
    }
}
