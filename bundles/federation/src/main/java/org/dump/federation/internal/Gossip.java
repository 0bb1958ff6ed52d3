package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.dump.node.identity.NodeIdentity;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SequenceSet;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This node's gossip trees ({@link GossipTree}), one per module and data version, and the announcements waiting for
 * each peer: whom a record is pushed to and whom it is announced to, what a push's answer tells its sender to prune,
 * what a peer's graft makes eager, and which announced records are due to be pulled. Safe for any thread: the trees
 * are used under this object's lock, which nothing here holds while it waits.
 */
@Component(service = Gossip.class)
public final class Gossip {

    /** A prune, in the answer to a push: push no more records of {@code origins} of that module to the receiver. */
    public record Prune(String module, String dataVersion, List<String> origins) {
    }

    /** Versions to pull from a peer, with {@code "graft":true}: per origin, the ranges of numbers announced. */
    record GraftRequest(String module, String dataVersion, Map<String, List<Range>> versions) {
    }

    /** The most records waited for at once, for each module. */
    static final int MAX_MISSING = 10_000;

    private final String self;
    private final LongSupplier nanos;
    /** module@dataVersion → its tree. Guarded by this. */
    private final Map<String, GossipTree> trees = new HashMap<>();
    private final AnnouncementQueues announcements = new AnnouncementQueues();

    @Activate
    public Gossip(@Reference NodeIdentity identity) {
        this(identity.id(), System::nanoTime);
    }

    Gossip(String self, LongSupplier nanos) {
        this.self = self;
        this.nanos = nanos;
    }

    private GossipTree tree(String module, String dataVersion) {
        return trees.computeIfAbsent(module + "@" + dataVersion, key -> new GossipTree(self,
                GossipTree.GRAFT_AFTER.toNanos(), GossipTree.GRAFT_AGAIN.toNanos(), MAX_MISSING));
    }

    /** @return whom {@code record}, from {@code from} (null: written or fetched here), is pushed to and announced to */
    synchronized <P> GossipTree.Routes<P> route(List<P> peers, Function<P, String> nodeId, SignedRecord record,
            String from) {
        GossipTree tree = tree(record.module(), record.dataVersion());
        tree.have(record.origin(), record.sequence());
        return tree.route(peers, nodeId, record.origin(), from);
    }

    /**
     * Queues the announcement of {@code record} for {@code peer}.
     *
     * @return whether what waited for the peer was dropped to keep within the bound
     */
    boolean announce(String peer, SignedRecord record) {
        return announcements.offer(peer, record.module(), record.dataVersion(), record.origin(), record.sequence());
    }

    /** @return the announcements waiting for {@code peer}, taken out: module@dataVersion → origin → ranges */
    Map<String, Map<String, List<Range>>> takeAnnouncements(String peer) {
        return announcements.take(peer);
    }

    /** @return how many ranges of numbers wait to be announced to {@code peer} */
    int announcementsWaiting(String peer) {
        return announcements.waiting(peer);
    }

    /** @return how many ranges of numbers wait to be announced to all peers */
    int announcementsWaiting() {
        return announcements.ranges();
    }

    /** @return how many records this node heard of, lacks and waits for, for all modules */
    synchronized int missing() {
        return trees.values().stream().mapToInt(GossipTree::missing).sum();
    }

    /** @return the most records waited for at once, for all modules */
    synchronized long mostMissing() {
        return (long) MAX_MISSING * trees.size();
    }

    /** @return the peers announcements wait for */
    Set<String> announcing() {
        return announcements.peers();
    }

    /**
     * Notes what a push (or the answer to a graft) from {@code from} brought.
     *
     * @param received the records of modules this node runs, as received
     * @param stored   those that were new here
     * @param refused  the ids of those refused, which tell nothing of the link
     * @return what to tell {@code from} to prune
     */
    synchronized List<Prune> pushed(String from, List<SignedRecord> received, List<SignedRecord> stored,
            Set<String> refused) {
        Set<SignedRecord> fresh = new HashSet<>(stored);
        Map<String, Set<String>> prune = new LinkedHashMap<>();
        for (SignedRecord record : received) {
            if (refused.contains(record.id())) {
                continue;
            }
            boolean isNew = fresh.contains(record);
            if (tree(record.module(), record.dataVersion()).pushed(from, record.origin(), record.sequence(), isNew)) {
                prune.computeIfAbsent(record.module() + "@" + record.dataVersion(), key -> new java.util.TreeSet<>())
                        .add(record.origin());
            }
        }
        List<Prune> prunes = new ArrayList<>();
        prune.forEach((key, origins) -> {
            int at = key.lastIndexOf('@');
            prunes.add(new Prune(key.substring(0, at), key.substring(at + 1), List.copyOf(origins)));
        });
        return prunes;
    }

    /** {@code peer} got only what it had of these origins: it is sent announcements of them from now on. */
    synchronized void pruned(String peer, Collection<Prune> prunes) {
        for (Prune prune : prunes) {
            GossipTree tree = trees.get(prune.module() + "@" + prune.dataVersion());
            if (tree != null) {
                prune.origins().forEach(origin -> tree.pruned(peer, origin));
            }
        }
    }

    /** {@code peer} pulled records of {@code origins} with {@code "graft":true}: they are pushed to it from now on. */
    synchronized void grafted(String peer, String module, String dataVersion, Collection<String> origins) {
        GossipTree tree = tree(module, dataVersion);
        origins.forEach(origin -> tree.grafted(peer, origin));
    }

    /**
     * {@code from} announced numbers this node has not seen ({@code lacked}, checked by the caller).
     *
     * @param most the most numbers to note; the rest is left to anti-entropy
     * @return how many were noted
     */
    synchronized int announced(String from, String module, String dataVersion, Map<String, List<Range>> lacked,
            int most) {
        GossipTree tree = tree(module, dataVersion);
        long now = nanos.getAsLong();
        int noted = 0;
        for (Map.Entry<String, List<Range>> origin : lacked.entrySet()) {
            for (Range range : origin.getValue()) {
                for (long sequence = range.from(); sequence <= range.to() && noted < most; sequence++) {
                    tree.announced(from, origin.getKey(), sequence, now);
                    noted++;
                }
            }
        }
        return noted;
    }

    /**
     * @param seen per module, whether this node has a version by now
     * @return per peer, the versions to pull from it now
     */
    synchronized Map<String, List<GraftRequest>> due(Function<String, GossipTree.Seen> seen) {
        long now = nanos.getAsLong();
        Map<String, List<GraftRequest>> byPeer = new TreeMap<>();
        trees.forEach((key, tree) -> {
            int at = key.lastIndexOf('@');
            String module = key.substring(0, at);
            Map<String, Map<String, SequenceSet>> asked = new TreeMap<>();
            for (GossipTree.Graft graft : tree.due(now, seen.apply(module))) {
                asked.computeIfAbsent(graft.peer(), p -> new TreeMap<>())
                        .computeIfAbsent(graft.origin(), o -> new SequenceSet()).add(graft.sequence());
            }
            asked.forEach((peer, origins) -> {
                Map<String, List<Range>> versions = new TreeMap<>();
                origins.forEach((origin, numbers) -> versions.put(origin, numbers.ranges()));
                byPeer.computeIfAbsent(peer, p -> new ArrayList<>())
                        .add(new GraftRequest(module, key.substring(at + 1), versions));
            });
        });
        return byPeer;
    }

    /** {@code peer} is no longer a peer: nothing is pushed to it, announced to it or awaited from it. */
    synchronized void left(String peer) {
        trees.values().forEach(tree -> tree.left(peer));
        announcements.drop(peer);
    }

    /** @return whether records of {@code origin} are pushed to {@code peer} */
    synchronized boolean pushesTo(String peer, String module, String dataVersion, String origin) {
        GossipTree tree = trees.get(module + "@" + dataVersion);
        return tree == null ? origin.equals(self) : tree.pushesTo(peer, origin);
    }
}
