package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Whom peer exchange takes as peers, and whom a node takes when asked: for each module it runs, a node wants
 * {@code autoPeers} peers that run it too (a peer that runs several counts for each), and while some module lacks them
 * it takes known nodes that run such a module, newest introduced first, up to {@code maxPeers} peers in all; it takes
 * a node that asks while it has fewer than {@code maxPeers}. Counted per module, so that a node is not left without a
 * peer for one module because its peers run another. A plain decision with no store or transport in it, so that
 * {@link PeerExchange} and the network simulator in {@code benchmarks/network} form peer graphs by the very same rule.
 *
 * @param autoPeers the peers a node wants for each module it runs (0: an administrator adds them all)
 * @param maxPeers  the most peers a node takes on request
 */
public record PeerChoice(int autoPeers, int maxPeers) {

    /**
     * @param running        the module ids this node runs
     * @param modulesOfPeers for each of this node's peers, the modules it runs, as {@code id@dataVersion}
     * @return what this node still wants of peer exchange now
     */
    public Wants wants(Collection<String> running, Collection<? extends Collection<String>> modulesOfPeers) {
        return wants(running, modulesOfPeers, modulesOfPeers.size());
    }

    /**
     * @param serving for each of this node's peers that count (those that answer, {@link PeerView#answering}), the
     *                modules it runs, as {@code id@dataVersion}
     * @param peers   how many peers it has in all, silent ones too: never more than {@code maxPeers}
     * @return what this node still wants of peer exchange now
     */
    public Wants wants(Collection<String> running, Collection<? extends Collection<String>> serving, int peers) {
        Map<String, Integer> lacking = new TreeMap<>();
        for (String module : running) {
            long count = serving.stream().filter(modules -> runs(modules, module)).count();
            lacking.put(module, (int) Math.max(0, autoPeers - count));
        }
        return new Wants(lacking, Math.max(0, maxPeers - peers));
    }

    /** What a node still wants: per module, how many more peers that run it; and how many peers it may still take. */
    public static final class Wants {

        private final Map<String, Integer> lacking;
        private int room;

        Wants(Map<String, Integer> lacking, int room) {
            this.lacking = lacking;
            this.room = room;
        }

        /** @return whether it wants any peer now */
        public boolean any() {
            return room > 0 && lacking.values().stream().anyMatch(count -> count > 0);
        }

        /** @return whether a node that runs {@code modules} ({@code id@dataVersion}) gives it a peer it lacks */
        public boolean servedBy(Collection<String> modules) {
            return room > 0 && lacking.entrySet().stream().anyMatch(e -> e.getValue() > 0 && runs(modules, e.getKey()));
        }

        /** Notes that a node that runs {@code modules} was taken as a peer. */
        public void took(Collection<String> modules) {
            room = Math.max(0, room - 1);
            lacking.replaceAll((module, count) -> runs(modules, module) ? Math.max(0, count - 1) : count);
        }

        /** @return per module, how many more peers that run it are wanted */
        public Map<String, Integer> lacking() {
            return Map.copyOf(lacking);
        }
    }

    static boolean runs(Collection<String> modules, String module) {
        return modules.stream().anyMatch(m -> m.split("@")[0].equals(module));
    }

    /** @return whether a node with {@code peers} peers takes one more that asks */
    public boolean takes(int peers) {
        return peers < maxPeers;
    }

    /**
     * @param newestFirst known nodes not tried lately, newest introduced first
     * @param nodeId      a known node's id
     * @param modules     the modules a known node ran, as {@code id@dataVersion}
     * @param peers       the node ids of this node's peers, never candidates
     * @param running     the module ids this node runs
     * @return the candidates to try, in the order to try them
     */
    public static <K> List<K> candidates(List<K> newestFirst, Function<K, String> nodeId,
            Function<K, ? extends Collection<String>> modules, Set<String> peers, Set<String> running) {
        List<K> candidates = new ArrayList<>();
        for (K known : newestFirst) {
            if (!peers.contains(nodeId.apply(known))
                    && modules.apply(known).stream().anyMatch(m -> running.contains(m.split("@")[0]))) {
                candidates.add(known);
            }
        }
        return candidates;
    }
}
