package org.dump.federation.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordInventory.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The second half of a catch-up: asks a peer for the versions reconciliation found this node lacks
 * ({@code POST /federation/versions}), page by page, and takes in what comes: records checked against their origin's
 * key, and the numbers the peer says are gone as far as the gone rule allows ({@link RecordInventory#judgeGone}).
 * The next page is asked for before this one is stored, and a page is checked while the one before is written.
 */
final class VersionFetch {

    static final String ENDPOINT = "versions";
    /** An answer holds up to 2,000 records: 16 MiB is 8 KiB each. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(16 * 1024 * 1024,
            java.time.Duration.ofSeconds(30));
    /** A catch-up takes at most this many pages; the next round goes on. */
    static final int MAX_PAGES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(VersionFetch.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final RecordReception reception;
    private final RecordInventory inventory;
    private final PeerStanding standing;
    private final PeerDirectory peers;
    private final Executor storers;
    private final int pageSize;

    /**
     * @param storers  where pages are checked and stored: two threads, so that one is checked while one is written
     * @param pageSize the most records asked for in one page
     */
    VersionFetch(RecordReception reception, RecordInventory inventory, PeerStanding standing, PeerDirectory peers,
            Executor storers, int pageSize) {
        this.reception = reception;
        this.inventory = inventory;
        this.standing = standing;
        this.peers = peers;
        this.storers = storers;
        this.pageSize = pageSize;
    }

    /**
     * Asks {@code peer} for the versions {@code wanted} of {@code module} until it has given all it holds of them.
     *
     * @return whether the peer answered to the end (false: it did not answer, or refused)
     */
    boolean fetch(Peer peer, RunningModule module, Map<String, List<Range>> wanted, CatchUpTransport transport) {
        CatchUpTally tally = new CatchUpTally(System.nanoTime());
        boolean failed = false;
        Map<String, List<Range>> window = window(wanted);
        CompletableFuture<WireRecords.Batch> next = ask(transport, module, window, pageSize);
        CompletableFuture<CatchUpTally.StoredPage> storing = null; // the page before, possibly still being stored
        int asked = 1;
        while (next != null && tally.pages < MAX_PAGES && asked <= MAX_PAGES) {
            WireRecords.Batch batch;
            long waitFrom = System.nanoTime();
            try {
                batch = PeerClient.await(next);
                tally.waitedForPeer += System.nanoTime() - waitFrom;
            } catch (IOException e) {
                failed(peer, module, e);
                failed = true;
                break;
            }
            standing.accepted(peer.nodeId());
            next = null;
            boolean empty = batch.records().isEmpty() && batch.gone().isEmpty();
            // What came, and what the peer has no more of, is no longer asked for; a record refused below is found
            // again by the next round's reconciliation.
            Map<String, List<Range>> came = Ranges.plus(Map.of(), batch.records(), batch.gone());
            wanted = Ranges.minus(wanted, came);
            window = Ranges.minus(window, came);
            if (!batch.more() || empty) {
                wanted = Ranges.minus(wanted, window); // what the peer does not hold of this window
                window = window(wanted);
            }
            if (!window.isEmpty()) {
                next = ask(transport, module, window, pageSize);
                asked++;
            }
            if (empty) {
                continue;
            }
            tally.pages++;
            CompletableFuture<CatchUpTally.StoredPage> thisPage = CompletableFuture.supplyAsync(() -> {
                RecordReception.Outcome outcome = reception.receive(peer.nodeId(), batch, false);
                // Judged once this page's records are in: they may vouch for numbers the page says are gone.
                RecordInventory.GoneVerdict gone = inventory.judgeGone(module.id(), batch.gone());
                inventory.noteGone(module.id(), gone.accepted());
                return new CatchUpTally.StoredPage(outcome, gone);
            }, storers);
            boolean pageRefused = storing != null && tally.add(peer, module, tally.stored(storing));
            storing = thisPage;
            String progress = tally.progress(System.nanoTime());
            if (progress != null) {
                LOG.info("Catching up {} with peer {}: {}", module.id(), peer.nodeId(), progress);
            }
            if (pageRefused && next != null) { // a page of refused records only would come again and again
                next.cancel(true);
                next = null;
            }
        }
        if (storing != null) {
            tally.add(peer, module, tally.stored(storing));
        }
        tally.reportIgnoredGone(peer, module, peers);
        if (tally.pages > 0) {
            long millis = tally.millisAt(System.nanoTime());
            LOG.info("Caught up {} with peer {} in {} page(s): {} new, {} known, {} refused, {} numbers gone, {} "
                    + "ignored | {} ms, {} records/s; waited {} ms for the peer's pages, {} ms for pages to be stored",
                    module.id(), peer.nodeId(), tally.pages, tally.stored, tally.known, tally.refused, tally.gone,
                    tally.goneIgnored, millis, tally.perSecond(millis), tally.waitedForPeer / 1_000_000,
                    tally.waitedForStore / 1_000_000);
        }
        return !failed;
    }

    /** Tells the log and the peer's standing that a request of a catch-up with {@code peer} failed. */
    void failed(Peer peer, RunningModule module, IOException e) {
        String why = PeerClient.describe(e);
        if (e instanceof PeerRefusal refusal && PeerClient.refusal(refusal.status)) {
            standing.refused(peer.nodeId(), refusal.said); // which tells the log, once
        } else {
            LOG.info("Catching up {} with peer {}: {}", module.id(), peer.nodeId(), why);
        }
        peers.exchanged(peer.nodeId(), 0, 0, "anti-entropy: " + why);
    }

    /** @return the first {@link CatchUpEndpoints#MAX_ASKED_RANGES} ranges of {@code wanted}, by origin */
    static Map<String, List<Range>> window(Map<String, List<Range>> wanted) {
        Map<String, List<Range>> window = new TreeMap<>();
        int left = CatchUpEndpoints.MAX_ASKED_RANGES;
        for (Map.Entry<String, List<Range>> origin : new TreeMap<>(wanted).entrySet()) {
            if (left == 0) {
                break;
            }
            List<Range> ranges = origin.getValue().subList(0, Math.min(left, origin.getValue().size()));
            window.put(origin.getKey(), new ArrayList<>(ranges));
            left -= ranges.size();
        }
        return window;
    }

    /** Asks for {@code versions}; the answer comes when it comes. */
    private static CompletableFuture<WireRecords.Batch> ask(CatchUpTransport transport, RunningModule module,
            Map<String, List<Range>> versions, int limit) {
        byte[] body;
        try {
            body = request(module, versions, limit);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.post(ENDPOINT, body, ANSWER).thenApply(answer -> {
            try {
                return WireRecords.decode(answer);
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** @return the body of {@code POST /federation/versions}: {"module","dataVersion","versions":{…},"limit"} */
    static byte[] request(RunningModule module, Map<String, List<Range>> versions, int limit) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", module.id());
        body.put("dataVersion", module.dataVersion().toString());
        body.put("versions", Ranges.toPairs(versions));
        body.put("limit", limit);
        return JSON.writeValueAsBytes(body);
    }
}
