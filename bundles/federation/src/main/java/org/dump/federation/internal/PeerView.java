package org.dump.federation.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.dump.federation.PeerOrigin;

/**
 * A node's peer view in the manner of HyParView (Leitão, Pereira and Rodrigues, 2007), fitted to DUMP: the active view
 * is the node's peers (at most {@code maxPeers}, {@code autoPeers} wanted per module, {@link PeerChoice}); the passive
 * view is its known nodes, kept fresh by peer exchange, whose introductions play the part of HyParView's shuffle.
 * HyParView replaces an active peer as soon as its TCP connection fails; DUMP has no standing connections, so a peer
 * has <em>failed</em> when {@link #failures} contacts in a row (pushes, anti-entropy, peer exchange, hellos) got no
 * answer at all (refused, timed out, closed), the first and the last at least {@link #failingFor} apart, while some
 * other node did answer meanwhile (when nothing answers, the fault is more likely this node's own link, and dropping
 * every peer would only cut it off). A failed peer that the node took by itself ({@link PeerOrigin#EXCHANGE},
 * {@link PeerOrigin#ASKED}) goes back to the passive view, to be tried again after {@link #RETRY_FAILED_PEER}, and is
 * replaced at once from the passive view by a candidate that answers; a peer an administrator added is never dropped.
 * The same holds for such a peer that has refused this node ({@link org.dump.federation.Mutuality#ONE_SIDED}) for
 * {@link #REFUSING_FOR}: it dropped this node (HyParView's DISCONNECT, learnt on the next contact), and keeps refusing
 * pushes and summaries. Plain and with no store or transport in it, so that {@link PeerExchange} and the network
 * simulator keep their views by the very same rule. What it notes is kept for at most {@link #MAX_NOTED} addresses,
 * the least recently contacted forgotten first (front doors of strangers and dial-backs are contacts too). Thread-safe.
 */
public final class PeerView {

    /**
     * Contacts in a row without an answer before a peer has failed: three, so that a lost connection or timeout or
     * two (a link losing 1 % of its packets loses a contact in a hundred) never cost a peering. Measured in the
     * simulator at 1,000 nodes with 30 s sessions: 2 contacts over 20 s dropped peers faster than they could be
     * replaced by peers that stay (96.4 % of online nodes in the largest component, against 98.5 % with 3 over 30 s).
     */
    public static final int FAILURES = 3;
    /**
     * The least time between the first and the last of those contacts: longer than a node's restart (Karaf restarts
     * in 8 to 10 s, boots first in 13 to 14 s) with room to spare, so that an administrator's restart costs no peering;
     * short enough to let go of a home node that left within a minute (a peer is contacted every 30 s by the refresh of
     * its front door, every 60 s by peer exchange, by pushes while records flow, and once more {@code failingFor} after
     * a first silence). A peer gone silent is already replaced before it has failed ({@link #answering}); failing only
     * lets it go, and dropping a peer that was only away costs little: it is a candidate again after
     * {@link #RETRY_FAILED_PEER}, and its own hello takes it back sooner.
     */
    public static final Duration FAILING_FOR = Duration.ofSeconds(30);
    /** How long a peer must have refused this node before it is dropped: longer than its first hello's wait (10 s). */
    public static final Duration REFUSING_FOR = Duration.ofSeconds(60);
    /**
     * When a failed peer, moved back to the passive view, is a candidate again: home nodes come back within minutes
     * to hours, and a former peer answered with its pinned key before, so it is the best candidate once back; trying
     * one costs at most a short timeout, and only while this node lacks peers.
     */
    public static final Duration RETRY_FAILED_PEER = Duration.ofMinutes(2);
    /** When a known node that did not answer is tried again: it may be a home node that is off for a while. */
    public static final Duration RETRY_UNANSWERED = Duration.ofMinutes(10);
    /** When a known node that answered but could not be taken (it refused, is full, another key) is tried again. */
    public static final Duration RETRY_REFUSED = Duration.ofHours(1);

    /** How urgently a peer is wanted, as in HyParView's NEIGHBOR request. */
    public enum Priority {
        /** Some module this node runs has no peer left that answers: replace at once, try more candidates */
        HIGH,
        /** Fewer peers than wanted, but none of its modules is cut off */
        LOW,
        /** Nothing wanted */
        NONE
    }

    /** The most peers (addresses, for {@link PeerContacts}) whose streaks are noted. */
    public static final int MAX_NOTED = 10_000;

    /** Why a peer leaves the active view. */
    public enum Drop { FAILED, REFUSES }

    /** What the view tracks of one peer: its current streak of unanswered contacts, and since when it refuses. */
    private static final class Streak {
        int unanswered;
        long firstUnansweredMillis;
        long refusingSinceMillis = -1;
    }

    private final int failures;
    private final long failingForMillis;
    /** The streaks, the least recently touched first. */
    private final Map<String, Streak> streaks;
    /** When any contact of this node last got an answer: its own link works. */
    private long lastAnswerMillis = Long.MIN_VALUE;

    public PeerView() {
        this(FAILURES, FAILING_FOR);
    }

    /** @param failures contacts in a row without an answer, {@code failingFor} apart at least, before a peer failed */
    public PeerView(int failures, Duration failingFor) {
        this(failures, failingFor, MAX_NOTED);
    }

    /** @param most the most peers whose streaks are noted; the least recently touched is forgotten first */
    public PeerView(int failures, Duration failingFor, int most) {
        this.failures = Math.max(1, failures);
        this.failingForMillis = failingFor.toMillis();
        int bound = Math.max(1, most);
        this.streaks = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Streak> eldest) {
                return size() > bound;
            }
        };
    }

    /** @return how many peers (addresses) have a streak noted */
    public synchronized int noted() {
        return streaks.size();
    }

    /** {@code peer} answered a contact, whatever it said: it is there. */
    public synchronized void answered(String peer, long nowMillis) {
        lastAnswerMillis = Math.max(lastAnswerMillis, nowMillis);
        Streak streak = streaks.get(peer);
        if (streak != null) {
            streak.unanswered = 0;
        }
    }

    /** What a peer's silence means so far. */
    public enum Silence {
        /** The first contact in a row without an answer: contact it once more after {@link #failingFor()} */
        FIRST,
        /** Another one, not enough yet */
        AGAIN,
        /** It has failed now */
        FAILED
    }

    /** {@code peer} did not answer a contact at all. */
    public synchronized Silence unanswered(String peer, long nowMillis) {
        Streak streak = streaks.computeIfAbsent(peer, key -> new Streak());
        if (streak.unanswered++ == 0) {
            streak.firstUnansweredMillis = nowMillis;
        }
        return failed(peer, nowMillis) ? Silence.FAILED : streak.unanswered == 1 ? Silence.FIRST : Silence.AGAIN;
    }

    /** @return how long a peer must stay silent to fail: when to contact it again after a first silence */
    public Duration failingFor() {
        return Duration.ofMillis(failingForMillis);
    }

    /** @return whether {@code peer} has failed: see the class comment */
    public synchronized boolean failed(String peer, long nowMillis) {
        Streak streak = streaks.get(peer);
        return streak != null && streak.unanswered >= failures
                && nowMillis - streak.firstUnansweredMillis >= failingForMillis
                && lastAnswerMillis > streak.firstUnansweredMillis;
    }

    /**
     * @return whether {@code peer}'s last contact got an answer (or none was noted yet): only such peers count towards
     *         the peers a node wants, so that peers that have gone silent are replaced before they have failed, and a
     *         peer an administrator added, never dropped, does not stand in for one that answers
     */
    public synchronized boolean answering(String peer) {
        Streak streak = streaks.get(peer);
        return streak == null || streak.unanswered == 0;
    }

    /** Notes whether {@code peer} refuses this node now (it does not take it as its peer). */
    public synchronized void refusing(String peer, boolean refusing, long nowMillis) {
        Streak streak = streaks.computeIfAbsent(peer, key -> new Streak());
        if (!refusing) {
            streak.refusingSinceMillis = -1;
        } else if (streak.refusingSinceMillis < 0) {
            streak.refusingSinceMillis = nowMillis;
        }
    }

    /** Forgets what was seen of a node that is no peer any more: if it becomes one again, it starts afresh. */
    public synchronized void forget(String peer) {
        streaks.remove(peer);
    }

    /**
     * @param peers  the active view
     * @param key    the key under which contacts with a peer were noted
     * @param origin how a peer became one
     * @return the peers to move back to the passive view, and why; never one an administrator added
     */
    public synchronized <P> Map<P, Drop> toDrop(Collection<P> peers, Function<P, String> key,
            Function<P, PeerOrigin> origin, long nowMillis) {
        Map<P, Drop> drops = new HashMap<>();
        for (P peer : peers) {
            if (origin.apply(peer).pinned()) {
                continue;
            }
            Streak streak = streaks.get(key.apply(peer));
            if (failed(key.apply(peer), nowMillis)) {
                drops.put(peer, Drop.FAILED);
            } else if (streak != null && streak.refusingSinceMillis >= 0
                    && nowMillis - streak.refusingSinceMillis >= REFUSING_FOR.toMillis()) {
                drops.put(peer, Drop.REFUSES);
            }
        }
        return drops;
    }

    /**
     * @param wants     what the node still wants ({@link PeerChoice#wants})
     * @param running   the module ids it runs
     * @param livePeers the modules of its peers that have not failed, as {@code id@dataVersion}
     * @return how urgently it wants a peer: {@link Priority#HIGH} when a module it lacks peers for has no live peer
     */
    public static Priority priority(PeerChoice.Wants wants, Collection<String> running,
            Collection<? extends Collection<String>> livePeers) {
        if (!wants.any()) {
            return Priority.NONE;
        }
        List<String> cutOff = new ArrayList<>();
        for (String module : running) {
            if (wants.lacking().getOrDefault(module, 0) > 0
                    && livePeers.stream().noneMatch(modules -> PeerChoice.runs(modules, module))) {
                cutOff.add(module);
            }
        }
        return cutOff.isEmpty() ? Priority.LOW : Priority.HIGH;
    }
}
