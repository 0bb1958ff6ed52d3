package org.dump.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.dump.itests.support.Api.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a network of nodes holds and how its processes fare, read as an administrator and a user can: the peers
 * from the admin console's {@code peers.json}, the listings from the market's REST API, a node's memory and threads
 * from {@code /proc}.
 */
public final class NetworkCensus {

    /** A peer as {@code peers.json} shows it. */
    public record PeerRow(String nodeId, String mutuality, long recordsIn, long recordsOut) {
    }

    /** A node's Karaf JVM, from {@code /proc/PID/status}. */
    public record ProcessFigures(long rssKiB, int threads) {

        @Override
        public String toString() {
            return rssKiB / 1024 + " MiB, " + threads + " threads";
        }
    }

    private NetworkCensus() {
    }

    /** @return the node's peers, as its admin console shows them */
    public static List<PeerRow> peers(NodeProcess node) throws Exception {
        Reply reply = node.api().get("/system/console/dump/peers.json").basic("admin", node.adminPassword()).send();
        if (reply.status() != 200) {
            throw new AssertionError(node.name() + ": " + reply);
        }
        return java.util.stream.StreamSupport.stream(reply.json().path("peers").spliterator(), false)
                .map(peer -> new PeerRow(peer.path("nodeId").asText(), peer.path("mutuality").asText(),
                        peer.path("recordsIn").asLong(), peer.path("recordsOut").asLong()))
                .toList();
    }

    /**
     * @return the peer graph: each node's name with the names of the nodes it holds as peers that take it in turn
     *         (mutual), read from every node
     */
    public static Map<String, Set<String>> graph(List<NodeProcess> nodes, Map<String, String> namesById)
            throws Exception {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (NodeProcess node : nodes) {
            Set<String> peers = new HashSet<>();
            for (PeerRow peer : peers(node)) {
                if (peer.mutuality().equals("MUTUAL") && namesById.containsKey(peer.nodeId())) {
                    peers.add(namesById.get(peer.nodeId()));
                }
            }
            graph.put(node.name(), peers);
        }
        return graph;
    }

    /** @return whether every node is reached from the first through edges both ends hold */
    public static boolean connected(Map<String, Set<String>> graph) {
        if (graph.isEmpty()) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(graph.keySet().iterator().next()));
        while (!next.isEmpty()) {
            String node = next.pop();
            if (seen.add(node)) {
                graph.get(node).stream().filter(peer -> graph.getOrDefault(peer, Set.of()).contains(node))
                        .forEach(next::push);
            }
        }
        return seen.size() == graph.size();
    }

    /** Why {@link #listings} last returned null. */
    private static volatile String unreadable = "";

    /**
     * @return every live listing on the node, id to title, as {@code user} sees them; null when the node cannot be
     *         read now (down, or its market not started)
     */
    public static Map<String, String> listings(NodeProcess node, String user) {
        try {
            Api.Session session = node.api().signIn(user, user + "-password");
            Map<String, String> listings = new HashMap<>();
            for (int offset = 0;; offset += 100) {
                Reply page = node.api().get("modules/market/listings?sort=price&limit=100&offset=" + offset)
                        .cookie(session).send();
                if (page.status() != 200) {
                    unreadable = node.name() + "'s listings at offset " + offset + ": " + page;
                    return null;
                }
                for (JsonNode listing : page.json().path("listings")) {
                    listings.put(listing.path("id").asText(), Sellers.state(listing));
                }
                if (!page.json().path("more").asBoolean()) {
                    return listings;
                }
            }
        } catch (UncheckedIOException | AssertionError e) {
            unreadable = node.name() + "'s listings: " + e.getMessage();
            return null;
        }
    }

    /** @return why {@link #listings} last returned null */
    public static String unreadable() {
        return unreadable;
    }

    /**
     * @return listing {@code id}'s state on the node ({@link Sellers#state}: its title, or {@link Sellers#DELETED}),
     *         read by itself: the pages of {@link #listings} may skip a listing when others are deleted meanwhile
     */
    public static String listing(NodeProcess node, String user, String id) {
        Reply reply = node.api().get("modules/market/listings/" + id).basic(user, user + "-password").send();
        if (reply.status() == 404) {
            return Sellers.DELETED;
        }
        if (reply.status() != 200) {
            throw new AssertionError("GET listing " + id + " on " + node.name() + ": " + reply);
        }
        return Sellers.state(reply.json());
    }

    /** @return the node's Karaf JVM's resident memory and threads now */
    public static ProcessFigures figures(NodeProcess node) throws IOException {
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(node.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return new ProcessFigures(rss, threads);
    }

    /** @return each node's Karaf JVM's figures now, by node name */
    public static Map<String, ProcessFigures> figures(List<NodeProcess> nodes) throws IOException {
        Map<String, ProcessFigures> figures = new HashMap<>();
        for (NodeProcess node : nodes) {
            figures.put(node.name(), figures(node));
        }
        return figures;
    }

    /**
     * @return the records all nodes took in from their peers (stored from pushes) and sent them (pushes and
     *         anti-entropy pages), summed over every node's peers
     */
    public static long[] recordsInAndOut(List<NodeProcess> nodes) throws Exception {
        long[] inAndOut = new long[2];
        for (NodeProcess node : nodes) {
            for (PeerRow peer : peers(node)) {
                inAndOut[0] += peer.recordsIn();
                inAndOut[1] += peer.recordsOut();
            }
        }
        return inAndOut;
    }

    /** Waits until {@code condition} holds, asking every second, or fails saying {@code what} and {@code why}. */
    public static void await(String what, Duration patience, Callable<Boolean> condition, Supplier<String> why)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + patience.toSeconds() + " s. " + why.get());
            }
            Thread.sleep(1000);
        }
    }
}
