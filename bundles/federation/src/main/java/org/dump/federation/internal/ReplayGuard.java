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
 * Callers apply their rate limits before asking, so requests refused for their rate take no room here.
 */
final class ReplayGuard {

    /** A nonce as remembered: when it arrived here, and the {@code created} its request carried. */
    private record Seen(long arrived, long created) {
    }

    /** One signer's nonces, oldest first, and the newest {@code created} dropped while not yet expired. */
    private static final class Memory {
        final LinkedHashMap<String, Seen> nonces = new LinkedHashMap<>();
        long forgottenUpTo = Long.MIN_VALUE;
    }

    private final Clock clock;
    private final int perSigner;
    private final long keepSeconds;
    private final Map<String, Memory> bySigner = new HashMap<>();

    /** @param perSigner the most nonces remembered for one signer */
    ReplayGuard(Clock clock, int perSigner) {
        this.clock = clock;
        this.perSigner = Math.max(1, perSigner);
        this.keepSeconds = 2 * RequestSignatures.MAX_SKEW.toSeconds();
    }

    /** @return true the first time a node's nonce is seen, false for a replay or a request too old to tell */
    synchronized boolean firstTime(String nodeId, String nonce, long created) {
        long now = clock.instant().getEpochSecond();
        Memory memory = bySigner.computeIfAbsent(nodeId, id -> new Memory());
        expire(memory, now);
        if (created <= memory.forgottenUpTo || memory.nonces.containsKey(nonce)) {
            return false;
        }
        memory.nonces.put(nonce, new Seen(now, created));
        if (memory.nonces.size() > perSigner) {
            Iterator<Seen> oldest = memory.nonces.values().iterator();
            memory.forgottenUpTo = Math.max(memory.forgottenUpTo, oldest.next().created());
            oldest.remove();
        }
        return true;
    }

    /** @return how many nonces are remembered for {@code nodeId} */
    synchronized int remembered(String nodeId) {
        Memory memory = bySigner.get(nodeId);
        return memory == null ? 0 : memory.nonces.size();
    }

    /** Drops what arrived longer ago than twice the skew (this node's clock); forgets signers with nothing left. */
    private void expire(Memory current, long now) {
        for (Iterator<Memory> memories = bySigner.values().iterator(); memories.hasNext();) {
            Memory memory = memories.next();
            Iterator<Seen> oldest = memory.nonces.values().iterator();
            while (oldest.hasNext() && oldest.next().arrived() < now - keepSeconds) {
                oldest.remove();
            }
            if (memory.nonces.isEmpty() && memory != current && memory.forgottenUpTo < now - keepSeconds) {
                memories.remove();
            }
        }
    }
}
