package org.dump.itests.support;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.itests.support.Api.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One seller a node, each writing listings through the market's REST API on its own thread, one after another with
 * a pause, until {@link #close}: mostly new listings, now and then an edit or a deletion of one of their own. Every
 * write the node acknowledged (2xx) is remembered with what it made the listing (its title, or deleted): that is
 * what every node must hold in the end. A write the node did not acknowledge (it was killed, or answered an error)
 * may or may not have happened: a listing touched by one is {@link #uncertain} and only has to be the same
 * everywhere. A seller whose node is down keeps trying, as a person would.
 */
public final class Sellers implements AutoCloseable {

    /** What an acknowledged deletion leaves: the listing is gone on every node. */
    public static final String DELETED = "(deleted)";

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> writtenOn = new ConcurrentHashMap<>();
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final Set<String> midWrite = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts one seller on each node: account {@code seller-NAME} (made beforehand), a write every {@code pauseMillis}
     * or so.
     */
    public Sellers(List<NodeProcess> nodes, long pauseMillis) {
        for (NodeProcess node : nodes) {
            Thread thread = new Thread(() -> sell(node, pauseMillis), "seller on " + node.name());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** @return the account of the seller on {@code node} */
    public static String seller(NodeProcess node) {
        return "seller-" + node.name().toLowerCase();
    }

    /** @return every listing an acknowledged write touched, with its title or {@link #DELETED} */
    public Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** @return the listings acknowledged on {@code node} so far, with their title or {@link #DELETED} */
    public Map<String, String> acknowledgedOn(NodeProcess node) {
        Map<String, String> mine = new ConcurrentHashMap<>();
        acknowledged.forEach((id, state) -> {
            if (node.name().equals(writtenOn.get(id))) {
                mine.put(id, state);
            }
        });
        return mine;
    }

    /** @return listings whose last write may or may not have happened: their state is only compared between nodes */
    public Set<String> uncertain() {
        return Set.copyOf(uncertain);
    }

    /** @return acknowledged writes in all: each a new version of a record */
    public int acknowledgedWrites() {
        return versions.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** @return acknowledged writes on {@code node} */
    public int acknowledgedWrites(NodeProcess node) {
        return versions.getOrDefault(node.name(), new AtomicInteger()).get();
    }

    /** @return writes that were not acknowledged (node down, connection broken, or an error answer) */
    public int unacknowledgedWrites() {
        return unacknowledged.get();
    }

    /**
     * Waits until the seller on {@code node} has sent a write whose answer has not come yet, so that a kill then
     * lands mid-write (most of a write's time is the node's: hashing the password, signing, storing).
     */
    public void awaitMidWrite(NodeProcess node) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!midWrite.contains(node.name()) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** Stops every seller after its write in progress. */
    @Override
    public void close() throws InterruptedException {
        writing.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }

    private void sell(NodeProcess node, long pauseMillis) {
        String seller = seller(node);
        List<String> own = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = 0;
        while (writing.get()) {
            n++;
            String title = node.name() + " item " + n;
            String id = own.isEmpty() || random.nextInt(10) < 8 ? null : own.get(random.nextInt(own.size()));
            boolean delete = id != null && random.nextBoolean();
            Api.Call call = id == null ? node.api().post("modules/market/listings")
                    : delete ? node.api().delete("modules/market/listings/" + id)
                    : node.api().put("modules/market/listings/" + id);
            if (!delete) {
                call.json(Api.object("title", title, "price", n, "currency", "EUR"));
            }
            if (id != null) {
                // Until acknowledged, the edit or deletion may or may not land: from here on, only sameness counts.
                uncertain.add(id);
            }
            midWrite.add(node.name());
            try {
                Reply reply = call.basic(seller, seller + "-password").send();
                if (reply.status() / 100 == 2) {
                    String written = id != null ? id : reply.json().path("id").asText();
                    acknowledged.put(written, delete ? DELETED : title);
                    writtenOn.put(written, node.name());
                    versions.computeIfAbsent(node.name(), name -> new AtomicInteger()).incrementAndGet();
                    if (id != null) {
                        uncertain.remove(id);
                    }
                    if (delete) {
                        own.remove(id);
                    } else if (id == null) {
                        own.add(written);
                    }
                } else {
                    unacknowledged.incrementAndGet();
                }
            } catch (UncheckedIOException e) {
                unacknowledged.incrementAndGet(); // the node is down or was killed during the write
            } finally {
                midWrite.remove(node.name());
            }
            pause(pauseMillis / 2 + random.nextLong(pauseMillis));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the listing's state in the shape {@link #acknowledged} uses, from the market's JSON */
    public static String state(JsonNode listing) {
        return listing == null ? DELETED : listing.path("title").asText();
    }
}
