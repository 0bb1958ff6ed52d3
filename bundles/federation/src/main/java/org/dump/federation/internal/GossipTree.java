package org.dump.federation.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which peers get a module's new records at once and which only hear of them: one tree per origin, in the manner of
 * Plumtree (Leitão, Pereira, Rodrigues, SRDS 2007) with the tree per source. A node pushes a record of an origin to
 * the peers that pulled that origin's records from it (its <em>eager</em> peers for the origin) and announces it to
 * the others (origin and sequence numbers, no payload); its own records it pushes to every peer that has not pruned
 * them, since a peer's fastest path to an origin is most often the direct one. A node that hears of a record it lacks pulls it from the
 * first peer that announced it: at once if no peer pushes it that origin's records, else after {@link #GRAFT_AFTER}
 * unless the push comes first. The pull (a graft) makes the announcer push it that origin's records from then on; a
 * push that brings only records the node has makes the sender stop (a prune). Each origin's records thereby settle on
 * the tree of first announcements, which is the tree of the fastest paths, and each node gets about one copy of each
 * record; when a node on the tree goes away, the nodes below it hear of the next record from others and graft there.
 * <p>
 * A tree per origin rather than one shared by all: with many origins writing at once, one shared tree is pruned on two
 * sides of a cycle by two records at the same time, falls apart, and most records then come by the slower grafts
 * (the network simulator measured it: see benchmarks/RESULTS.md, issue 24). Anti-entropy stays the safety net under
 * it all. One instance per module; a plain decision with no transport, clock or store in it, so that
 * {@link RecordPush} and the network simulator in {@code benchmarks/network} disseminate by the very same rule. Not
 * safe for concurrent use: the caller holds the lock. Times are in any unit, as long as it is one unit throughout.
 */
public final class GossipTree {

    /** How long a node whose origin's records a peer pushes waits for one it heard of before pulling it. */
    public static final Duration GRAFT_AFTER = Duration.ofSeconds(2);
    /** How long it waits for a pulled record before asking the next announcer. */
    public static final Duration GRAFT_AGAIN = Duration.ofSeconds(2);
    /** Most announcers remembered for one record: more would only be asked after the first few failed. */
    static final int MAX_ANNOUNCERS = 4;

    /** Pull {@code sequence} of {@code origin} from {@code peer}, which pushes that origin's records from now on. */
    public record Graft(String peer, String origin, long sequence) {
    }

    /**
     * Where a record goes.
     *
     * @param eager the peers it is pushed to
     * @param lazy  the peers it is announced to
     */
    public record Routes<P>(List<P> eager, List<P> lazy) {
    }

    private record Key(String origin, long sequence) {
    }

    /** A record heard of and lacked: when to pull it, and from whom, in the order they announced it. */
    private static final class Missing {
        long due;
        final ArrayDeque<String> announcers = new ArrayDeque<>(2);
    }

    private final String self;
    private final long graftAfter;
    private final long graftAgain;
    private final int maxMissing;
    /** The peers that pruned this node's own records: they are sent announcements of them. */
    private final Set<String> lazyForOwn = new HashSet<>();
    /** Per other origin, the peers its records are pushed to (they grafted); the others are sent announcements. */
    private final Map<String, Set<String>> eager = new HashMap<>();
    /** Per origin, the peer that pushes its records here (this node grafted it, or it pushed something new). */
    private final Map<String, String> parent = new HashMap<>();
    /** Records heard of and lacked, the oldest first (the first to go when there are too many). */
    private final LinkedHashMap<Key, Missing> missing = new LinkedHashMap<>();

    /**
     * @param self       this node's id: the origin of its own records
     * @param graftAfter how long to wait for a record heard of, when a peer pushes its origin's records, before pulling
     * @param graftAgain how long to wait for a pulled record before asking the next announcer
     * @param maxMissing the most records waited for at once; beyond, the oldest are left to anti-entropy
     */
    public GossipTree(String self, long graftAfter, long graftAgain, int maxMissing) {
        this.self = self;
        this.graftAfter = graftAfter;
        this.graftAgain = graftAgain;
        this.maxMissing = maxMissing;
    }

    /**
     * @param peers  the peers that run the record's module and may be contacted now, in the order to serve them
     * @param nodeId a peer's node id
     * @param origin the record's origin, which has it
     * @param from   the peer it came from, which has it, or null if this node wrote it or fetched it
     * @return to whom it is pushed, and to whom announced
     */
    public <P> Routes<P> route(List<P> peers, Function<P, String> nodeId, String origin, String from) {
        List<P> eagerOnes = new ArrayList<>();
        List<P> lazyOnes = new ArrayList<>();
        for (P peer : peers) {
            String id = nodeId.apply(peer);
            if (!id.equals(from) && !id.equals(origin)) {
                (pushesTo(id, origin) ? eagerOnes : lazyOnes).add(peer);
            }
        }
        return new Routes<>(eagerOnes, lazyOnes);
    }

    /**
     * Notes a record of {@code origin} that {@code from} pushed (or gave for a graft): one new here makes it the peer
     * that pushes this origin's records; one this node had, from another peer than that, is to stop.
     *
     * @return whether to tell {@code from} to prune: push no more records of {@code origin} here
     */
    public boolean pushed(String from, String origin, long sequence, boolean fresh) {
        if (fresh) {
            missing.remove(new Key(origin, sequence));
            parent.put(origin, from);
            return false;
        }
        return !from.equals(parent.get(origin));
    }

    /** Notes that this node now has {@code sequence} of {@code origin} (it wrote it, or anti-entropy brought it). */
    public void have(String origin, long sequence) {
        missing.remove(new Key(origin, sequence));
    }

    /** {@code peer} got only what it had: it is sent announcements of {@code origin}'s records from now on. */
    public void pruned(String peer, String origin) {
        if (origin.equals(self)) {
            lazyForOwn.add(peer);
            return;
        }
        Set<String> pushedTo = eager.get(origin);
        if (pushedTo != null && pushedTo.remove(peer) && pushedTo.isEmpty()) {
            eager.remove(origin);
        }
    }

    /** {@code peer} pulled a record of {@code origin} from this node: it is pushed that origin's records from now on. */
    public void grafted(String peer, String origin) {
        if (origin.equals(self)) {
            lazyForOwn.remove(peer);
            return;
        }
        eager.computeIfAbsent(origin, o -> new HashSet<>()).add(peer);
    }

    /**
     * {@code from} announced {@code sequence} of {@code origin}, which this node lacks: it is pulled at once if no peer
     * pushes this origin's records here, else after {@code graftAfter} unless the push comes first.
     */
    public void announced(String from, String origin, long sequence, long now) {
        Key key = new Key(origin, sequence);
        Missing waiting = missing.get(key);
        if (waiting == null) {
            if (missing.size() >= maxMissing) {
                Iterator<Map.Entry<Key, Missing>> oldest = missing.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            waiting = new Missing();
            waiting.due = parent.containsKey(origin) ? now + graftAfter : now;
            missing.put(key, waiting);
        }
        if (waiting.announcers.size() < MAX_ANNOUNCERS && !waiting.announcers.contains(from)) {
            waiting.announcers.addLast(from);
        }
    }

    /**
     * The records heard of and still lacked whose time is up: each is to be pulled from its next announcer, which
     * becomes the peer that pushes its origin's records here; one that no announcer is left for is left to
     * anti-entropy.
     *
     * @param seen whether this node has a record by now
     * @return the pulls to make now
     */
    public List<Graft> due(long now, Seen seen) {
        List<Graft> grafts = new ArrayList<>();
        List<Map.Entry<Key, Missing>> again = new ArrayList<>();
        Iterator<Map.Entry<Key, Missing>> waiting = missing.entrySet().iterator();
        while (waiting.hasNext()) {
            Map.Entry<Key, Missing> entry = waiting.next();
            if (entry.getValue().due - now > 0) {
                continue;
            }
            waiting.remove();
            Key key = entry.getKey();
            String announcer = entry.getValue().announcers.pollFirst();
            if (announcer == null || seen.has(key.origin(), key.sequence())) {
                continue;
            }
            parent.put(key.origin(), announcer);
            grafts.add(new Graft(announcer, key.origin(), key.sequence()));
            entry.getValue().due = now + graftAgain;
            again.add(entry);
        }
        again.forEach(entry -> missing.put(entry.getKey(), entry.getValue()));
        return grafts;
    }

    /** @return when {@link #due} next has something to pull, or {@code Long.MAX_VALUE} if nothing is waited for */
    public long nextDue() {
        long next = Long.MAX_VALUE;
        for (Missing waiting : missing.values()) {
            next = Math.min(next, waiting.due);
        }
        return next;
    }

    /** {@code peer} is no longer a peer (or runs the module no more): nothing is pushed to it or awaited from it. */
    public void left(String peer) {
        lazyForOwn.remove(peer);
        eager.values().forEach(pushedTo -> pushedTo.remove(peer));
        eager.values().removeIf(Set::isEmpty);
        parent.values().removeIf(peer::equals);
        missing.values().forEach(waiting -> waiting.announcers.remove(peer));
    }

    /** @return whether {@code origin}'s records are pushed to {@code peer} */
    public boolean pushesTo(String peer, String origin) {
        return origin.equals(self) ? !lazyForOwn.contains(peer) : eager.getOrDefault(origin, Set.of()).contains(peer);
    }

    /** @return the peer that pushes {@code origin}'s records here, or null */
    public String parentOf(String origin) {
        return parent.get(origin);
    }

    /** @return how many records are waited for */
    public int missing() {
        return missing.size();
    }

    /** Whether this node has seen a version. */
    @FunctionalInterface
    public interface Seen {
        boolean has(String origin, long sequence);
    }
}
