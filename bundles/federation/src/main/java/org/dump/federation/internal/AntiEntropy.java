package org.dump.federation.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

/**
 * Catches up with peers: now and then (and soon after start, for a node that was offline), for every module it
 * runs, this node reconciles the versions it has seen ({@link RecordInventory}) with one peer that runs it too
 * ({@link SyncRound}, {@link SyncPartners}), takes in what it lacks, page by page, and offers the peer what the peer
 * lacks. Pushes keep nodes in step; this repairs what pushes missed: a node that was down, a push that failed, a node
 * several hops away. Between nodes in step a round is one exchange of a few hundred bytes, however much they hold.
 */
@Component(service = AntiEntropy.class, immediate = true, configurationPid = AntiEntropy.PID)
@Designate(ocd = AntiEntropy.Config.class)
public final class AntiEntropy {

    static final String PID = "org.dump.federation.sync";

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

    private final PeerDirectory peers;
    private final PeerClient client;
    private final CatchUp catchUp;
    private final SyncRound sync;
    private final Rounds rounds;
    /**
     * Stores the pages of a catch-up: one page being checked while the one before is written. Its queue is bounded
     * by its use: catch-ups run one at a time on the rounds' thread, each with at most two pages at the storers.
     */
    private final ThreadPoolExecutor storers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "dump-catch-up-store");
                thread.setDaemon(true);
                return thread;
            });

    @Activate
    public AntiEntropy(@Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference ModuleRegistry modules, @Reference RecordInventory inventory,
            @Reference RecordReception reception, @Reference PeerStanding standing, @Reference RecordPush push,
            Config config) {
        this.peers = peers;
        this.client = client;
        this.catchUp = new CatchUp(inventory, new VersionFetch(reception, inventory, standing, peers, storers,
                CatchUpEndpoints.MAX_ANSWER), push::offer, peers, standing);
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
        rounds.soon("catch up with " + nodeId, () -> peers.find(nodeId).filter(peer -> peer.nodeId().equals(nodeId))
                .ifPresent(peer -> sync.with(peer, null)));
    }

    /** Catches up soon with every peer that runs {@code module}, which this node has just started running. */
    void catchUpSoonOn(String module) {
        rounds.soon("catch up on " + module, () -> sync.everyPeerOn(module));
    }

    /** @return the tasks waiting for the rounds' thread: the next round, and catch-ups asked for soon */
    int roundsQueued() {
        return rounds.queued();
    }

    /** @return the pages waiting for a thread that stores them */
    int pagesQueued() {
        return storers.getQueue().size();
    }

    /** @return whether the catch-up with {@code peer} ran to its end ({@link CatchUp}) */
    boolean catchUp(Peer peer, RunningModule module) {
        return catchUp.with(peer, module, transportTo(peer));
    }

    /** @return the peer's catch-up endpoints over HTTP, each request signed by this node */
    private CatchUpTransport transportTo(Peer peer) {
        return (endpoint, body, bound) -> {
            URI target = peer.url().resolve("federation/" + endpoint);
            return client.sendAsync("peer " + peer.nodeId(), target, body, bound).thenApply(response -> {
                if (response.statusCode() != 200) {
                    throw new CompletionException(new PeerRefusal(response.statusCode(), target.toString(),
                            PeerClient.messageOf(response.body())));
                }
                return response.body();
            });
        };
    }
}
