package org.dump.federation.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PushBacklog;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.record.RecordFeed;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records on to the peers that run their module, at once: what this node writes, and what it receives from one
 * peer (so records travel several hops). Each record goes along its origin's gossip tree ({@link Gossip},
 * {@link GossipTree}): pushed to the peers that pull that origin's records from this node, announced to the others,
 * which pull what they lack; this node's own records are pushed to every peer that has not pruned them. Each peer has
 * a queue of records ({@link PushQueues}), bounded in records and in bytes, and one of announcements, bounded in
 * ranges; {@link PeerSending} sends them, announcements first. A peer that does not answer at all loses its queues and
 * is backed off: nothing is queued for it for 10 s, doubled each time in a row up to 10 min; anti-entropy brings it
 * all from the store when it is back. The records the store writes wait for the push thread to route them, up to
 * {@link #MAX_ROUTING} records; beyond, they are not pushed (anti-entropy brings them), so that a slow push thread
 * cannot make the writes fill the heap.
 */
@Component(service = {RecordFeed.class, RecordPush.class, PushBacklog.class}, immediate = true,
        configurationPid = RecordPush.PID)
@Designate(ocd = RecordPush.Config.class)
public final class RecordPush implements RecordFeed, PushBacklog {

    static final String PID = "org.dump.federation.push";
    static final String PATH = "federation/records";

    @ObjectClassDefinition(name = "DUMP pushes", description = "How much may wait to be pushed to peers.")
    public @interface Config {

        @AttributeDefinition(name = "Most waiting for one peer (KiB)", min = "1", description = "Records waiting "
                + "to be pushed to one peer, counted by their text; above this the peer's queue is dropped and "
                + "anti-entropy brings those records to it.")
        int maxKilobytesPerPeer() default 8192;

        @AttributeDefinition(name = "Most waiting for all peers (KiB)", min = "1", description = "The same for all "
                + "peers together; above this the largest queue is dropped.")
        int maxKilobytesInAll() default 32768;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordPush.class);
    static final int MAX_QUEUE = 100_000;
    /** The most records written here that wait for the push thread to route them. */
    static final int MAX_ROUTING = 100_000;
    /** The answer to a push: counts, prunes and up to 500 reasons for refused records. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(1024 * 1024, Duration.ofSeconds(10));

    private final PeerDirectory peers;
    private final PeerStanding standing;
    private final PushQueues queues;
    private final Gossip gossip;
    private final PeerSending sending;
    private final OriginKeys originKeys;
    private final ScheduledThreadPoolExecutor sender = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "dump-record-push");
        thread.setDaemon(true);
        return thread;
    });
    private final RoutingBudget routing = new RoutingBudget(MAX_ROUTING);
    /** Whether a sending of all queues waits on the push thread: one is enough. */
    private final AtomicBoolean sendQueued = new AtomicBoolean();

    @Activate
    public RecordPush(@Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference OriginKeys originKeys, @Reference PeerStanding standing, @Reference Gossip gossip,
            Config config) {
        this.peers = peers;
        this.standing = standing;
        this.originKeys = originKeys;
        this.gossip = gossip;
        this.queues = new PushQueues(limits(config));
        this.sending = new PeerSending(client, peers, standing, queues, gossip, originKeys, this::onSender);
        sender.scheduleWithFixedDelay(this::sendAll, 1, 1, TimeUnit.SECONDS);
        // Peers install and remove modules: learn what they run now and then.
        sender.scheduleWithFixedDelay(this::refreshPeers, 30, 30, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Config config) {
        queues.limit(limits(config));
    }

    @Deactivate
    void stop() {
        sender.shutdownNow();
    }

    private static PushQueues.Limits limits(Config config) {
        return new PushQueues.Limits(MAX_QUEUE, Math.max(1, config.maxKilobytesPerPeer()) * 1024L,
                Math.max(1, config.maxKilobytesInAll()) * 1024L);
    }

    @Override
    public void written(List<SignedRecord> records) {
        // Called on the store's writer thread, which nothing here may take down: finding the peers (a query) and
        // queueing happen on ours.
        int size = records.size();
        if (routing.take(size) && !onSender(() -> {
            routing.giveBack(size);
            forward(records, Map.of(), null);
        })) {
            routing.giveBack(size);
        }
    }

    /**
     * Queues {@code records} for every peer that runs their module, except {@code from}, the peer they came from, and
     * their origin: the record itself for those its gossip tree pushes to, its announcement for the others.
     *
     * @param keys the origin keys that came with them
     */
    void forward(List<SignedRecord> records, Map<String, Ed25519PublicKey> keys, String from) {
        originKeys.learn(keys);
        List<Peer> present = peers.list().stream()
                .filter(peer -> !absent(peer.nodeId()) && standing.mayContact(peer.nodeId())).toList();
        boolean queued = false;
        for (SignedRecord record : records) {
            List<Peer> running = PushTargets.of(present, Peer::nodeId,
                    p -> DataVersions.runsAt(p, record.module(), record.dataVersion()), record.origin(), from);
            GossipTree.Routes<Peer> routes = gossip.route(running, Peer::nodeId, record, from);
            for (Peer peer : routes.eager()) {
                queues.offer(peer.nodeId(), record).forEach(sending::dropped);
            }
            for (Peer peer : routes.lazy()) {
                if (gossip.announce(peer.nodeId(), record)) {
                    LOG.info("Announcements waiting for peer {} dropped: more than {} ranges; anti-entropy brings "
                            + "the records to it", peer.nodeId(), AnnouncementQueues.MAX_RANGES_PER_PEER);
                }
            }
            queued |= !running.isEmpty();
        }
        if (queued) {
            sendSoon();
        }
    }

    /**
     * Queues {@code records} for {@code nodeId} alone: those that anti-entropy found the peer lacks. Their origins'
     * keys go along as with any push.
     */
    void offer(String nodeId, List<SignedRecord> records) {
        if (records.isEmpty() || absent(nodeId)) {
            return;
        }
        onSender(() -> {
            records.forEach(record -> queues.offer(nodeId, record).forEach(sending::dropped));
            sendAll();
        });
    }

    /** Sends what waits soon, on the push thread; once, however often asked meanwhile. */
    private void sendSoon() {
        if (sendQueued.compareAndSet(false, true) && !onSender(() -> {
            sendQueued.set(false);
            sendAll();
        })) {
            sendQueued.set(false);
        }
    }

    /** @return whether {@code nodeId} did not answer a push a short while ago */
    boolean absent(String nodeId) {
        return queues.paused(nodeId);
    }

    @Override
    public Waiting waiting(String nodeId) {
        return queues.waiting(nodeId);
    }

    @Override
    public int announcementsWaiting(String nodeId) {
        return gossip.announcementsWaiting(nodeId);
    }

    @Override
    public Backoff backoff(String nodeId) {
        return queues.backoff(nodeId);
    }

    /** @return what waits to be pushed, for {@code dump:queues} */
    PushQueues queues() {
        return queues;
    }

    /** @return the records written here that wait for the push thread */
    int routing() {
        return routing.waiting();
    }

    /** @return the tasks waiting for the push thread: routings, answers to handle, the periodic sends */
    int tasksQueued() {
        return sender.getQueue().size();
    }

    /** {@code nodeId} sent this node a signed request: it is back, and is sent what comes for it again. */
    void heardFrom(String nodeId) {
        queues.heardFrom(nodeId);
    }

    private void sendAll() {
        try {
            sending.sendToAll();
        } catch (RuntimeException e) {
            // A periodic task that throws is not run again. A database out of disk space was logged once already.
            if (DatabaseUnavailableException.in(e).isEmpty()) {
                LOG.warn("Pushing failed; tried again in a second", e);
            }
        }
    }

    /** @return whether {@code task} will run on the sender thread (not when the component stops) */
    boolean onSender(Runnable task) {
        try {
            sender.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void refreshPeers() {
        try {
            peers.refresh();
        } catch (RuntimeException e) {
            if (DatabaseUnavailableException.in(e).isEmpty()) {
                LOG.warn("Refreshing peers failed", e);
            }
        }
    }
}
