package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordInventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Catches up with peers: now and then (and soon after start, for a node that was offline), for every module it
 * runs, this node sends one peer that runs it too ({@link SyncRound}, {@link SyncPartners}) its summary of that
 * module ({@link RecordInventory}) and takes in what the peer answers it lacks, page by page. Pushes keep nodes in
 * step; this repairs what pushes missed: a node that was down, a push that failed, a node several hops away.
 */
@Component(service = AntiEntropy.class, immediate = true, configurationPid = AntiEntropy.PID)
@Designate(ocd = AntiEntropy.Config.class)
public final class AntiEntropy {

    static final String PID = "org.dump.federation.sync";
    static final String PATH = "federation/summary";

    @ObjectClassDefinition(name = "DUMP anti-entropy", description = "How often the node catches up with its peers.")
    public @interface Config {

        @AttributeDefinition(name = "Interval (seconds)", min = "1",
                description = "Time between two rounds, each with one peer per module; each round waits ±20% more "
                        + "or less at random.")
        int intervalSeconds() default 30;

        @AttributeDefinition(name = "First round after start (seconds)", min = "0")
        int firstRoundSeconds() default 3;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropy.class);
    private static final ObjectMapper JSON = FederationJson.MAPPER;
    /** An answer holds up to 2,000 records: 16 MiB is 8 KiB each. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(16 * 1024 * 1024, Duration.ofSeconds(30));

    private final PeerDirectory peers;
    private final RecordInventory inventory;
    private final RecordReception reception;
    private final PeerClient client;
    private final PeerStanding standing;
    private final SyncRound sync;
    private final Rounds rounds;
    /** Stores the pages of a catch-up: one page being checked while the one before is written. */
    private final ExecutorService storers = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "dump-catch-up-store");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public AntiEntropy(@Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference ModuleRegistry modules, @Reference RecordInventory inventory,
            @Reference RecordReception reception, @Reference PeerStanding standing, Config config) {
        this.peers = peers;
        this.inventory = inventory;
        this.reception = reception;
        this.client = client;
        this.standing = standing;
        Duration interval = Duration.ofSeconds(Math.max(1, config.intervalSeconds()));
        this.sync = new SyncRound(peers::list, modules::running, standing::mayContact,
                new SyncPartners(interval, new SplittableRandom()), Clock.systemUTC(), this::catchUp);
        this.rounds = new Rounds("dump-anti-entropy", sync::run, Duration.ofSeconds(config.firstRoundSeconds()),
                interval);
    }

    @Deactivate
    void stop() {
        rounds.close();
        storers.shutdownNow();
    }

    /**
     * Catches up with {@code nodeId} soon, on the thread of the rounds, for every module both run: a new peer, or
     * one that now runs a module this node runs too, need not wait for the next round.
     */
    void catchUpSoon(String nodeId) {
        rounds.soon(() -> peers.find(nodeId).filter(peer -> peer.nodeId().equals(nodeId))
                .ifPresent(peer -> sync.with(peer, null)));
    }

    /** Catches up soon with every peer that runs {@code module}, which this node has just started running. */
    void catchUpSoonOn(String module) {
        rounds.soon(() -> sync.everyPeerOn(module));
    }

    /**
     * Asks {@code peer} for what this node lacks of {@code module}, until it has nothing more to give.
     *
     * @return whether the peer answered to the end (false: it did not answer, or refused)
     */
    boolean catchUp(Peer peer, RunningModule module) {
        CatchUpTally tally = new CatchUpTally(System.nanoTime());
        boolean failed = false;
        // What this node holds, and will hold once the pages in hand are stored: the summary of the next request.
        Map<String, List<RecordInventory.Range>> summary = inventory.summary(module.id());
        CompletableFuture<WireRecords.Batch> next = ask(peer, summary, module);
        // The page before this one, possibly still being stored.
        CompletableFuture<CatchUpTally.StoredPage> storing = null;
        while (next != null && tally.pages < 1000) {
            WireRecords.Batch batch;
            long waitFrom = System.nanoTime();
            try {
                batch = PeerClient.await(next);
                tally.waitedForPeer += System.nanoTime() - waitFrom;
            } catch (IOException e) {
                String why = PeerClient.describe(e);
                if (e instanceof Refusal refusal && PeerClient.refusal(refusal.status)) {
                    standing.refused(peer.nodeId(), refusal.said); // which tells the log, once
                } else {
                    LOG.info("Catching up {} with peer {}: {}", module.id(), peer.nodeId(), why);
                }
                peers.exchanged(peer.nodeId(), 0, 0, "anti-entropy: " + why);
                failed = true;
                break;
            }
            standing.accepted(peer.nodeId());
            next = null;
            if (batch.records().isEmpty() && batch.gone().isEmpty()) {
                break;
            }
            tally.pages++;
            // Ask for the page after this one before storing this one: the peer prepares it meanwhile. Should a
            // record of this page be refused, the next round asks for it again.
            summary = Ranges.plus(summary, batch.records(), batch.gone());
            if (batch.more()) {
                next = ask(peer, summary, module);
            }
            // This page's signatures are checked while the page before is still being written, so that the record
            // writer, the one part that cannot use both cores, never waits for them. Two pages at most are in hand.
            CompletableFuture<CatchUpTally.StoredPage> thisPage = CompletableFuture.supplyAsync(() -> {
                RecordReception.Outcome outcome = reception.receive(peer.nodeId(), batch);
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
            // A page of refused records only would come again and again: stop there.
            if (pageRefused && next != null) {
                next.cancel(true);
                next = null;
            }
        }
        if (storing != null) {
            tally.add(peer, module, tally.stored(storing));
        }
        if (!failed) {
            peers.synced(peer.nodeId());
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


    /** @return the body of a request for what this node lacks: {"module","dataVersion","origins":{…}} */
    static byte[] summaryBody(RunningModule module, Map<String, List<RecordInventory.Range>> summary)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("module", module.id());
        body.put("dataVersion", module.dataVersion().toString());
        body.put("origins", Ranges.toPairs(summary));
        return JSON.writeValueAsBytes(body);
    }

    /** Sends {@code summary} to {@code peer}; the answer comes when it comes. */
    private CompletableFuture<WireRecords.Batch> ask(Peer peer, Map<String, List<RecordInventory.Range>> summary,
            RunningModule module) {
        URI target = peer.url().resolve(PATH);
        byte[] body;
        try {
            body = summaryBody(module, summary);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.sendAsync("peer " + peer.nodeId(), target, body, ANSWER).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new CompletionException(new Refusal(response.statusCode(), target,
                        PeerClient.messageOf(response.body())));
            }
            try {
                return WireRecords.decode(response.body());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** A peer's answer other than 200 to a summary. */
    private static final class Refusal extends IOException {

        private static final long serialVersionUID = 1L;

        final int status;
        /** What the peer said. */
        final String said;

        Refusal(int status, URI target, String said) {
            super("HTTP " + status + " from " + target + ": " + said);
            this.status = status;
            this.said = said;
        }
    }
}
