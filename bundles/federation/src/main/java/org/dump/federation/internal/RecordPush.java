package org.dump.federation.internal;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PushBacklog;
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
 * Pushes records to the peers that run their module, at once: what this node writes, and what it receives from
 * one peer to all its other peers (so records travel several hops). Each peer has a queue ({@link PushQueues}),
 * bounded in records and in bytes, sent in batches of up to {@link #MAX_BATCH} in one signed request, one request
 * at a time for each peer but to all peers at once: a slow peer holds up only its own pushes, and no longer than
 * {@link #ANSWER} allows. A peer that answers with an error keeps its queue for the next round, within the limits; a
 * peer that does not answer at all loses its queue, and nothing is queued for it for {@link #ABSENT_PAUSE}: it is
 * probably down, and anti-entropy brings it all from the store when it is back.
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
    private static final int MAX_BATCH = 500;
    static final int MAX_QUEUE = 100_000;
    /** The answer to a push: counts and up to 500 reasons for refused records. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(1024 * 1024, Duration.ofSeconds(10));
    /** How long nothing is queued for a peer that did not answer; then the next push tries it again. */
    static final Duration ABSENT_PAUSE = Duration.ofSeconds(30);

    private final PeerClient client;
    private final PeerDirectory peers;
    private final PeerStanding standing;
    private final PushAnswers answers;
    private final PushQueues queues;
    /** Peers a batch is on its way to: one at a time for each. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();
    /** Peers whose dropped queue was logged, until they take pushes again: the log says it once. */
    private final Set<String> dropLogged = ConcurrentHashMap.newKeySet();
    private final OriginKeys originKeys;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dump-record-push");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public RecordPush(@Reference PeerClient client, @Reference PeerDirectory peers,
            @Reference OriginKeys originKeys, @Reference PeerStanding standing, Config config) {
        this.client = client;
        this.peers = peers;
        this.standing = standing;
        this.originKeys = originKeys;
        this.answers = new PushAnswers(peers, standing);
        this.queues = new PushQueues(limits(config));
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
        onSender(() -> forward(records, Map.of(), null));
    }

    /**
     * Queues {@code records} for every peer that runs their module, except {@code from}, the peer they came from.
     *
     * @param keys the origin keys that came with them
     */
    void forward(List<SignedRecord> records, Map<String, Ed25519PublicKey> keys, String from) {
        originKeys.learn(keys);
        List<Peer> present = peers.list().stream()
                .filter(peer -> !absent(peer.nodeId()) && standing.mayContact(peer.nodeId())).toList();
        boolean queued = false;
        for (SignedRecord record : records) {
            for (Peer peer : PushTargets.of(present, Peer::nodeId,
                    p -> DataVersions.runsAt(p, record.module(), record.dataVersion()), record.origin(), from)) {
                queues.offer(peer.nodeId(), record).forEach(this::dropped);
                queued = true;
            }
        }
        if (queued) {
            onSender(this::sendAll);
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
            records.forEach(record -> queues.offer(nodeId, record).forEach(this::dropped));
            sendAll();
        });
    }

    /** @return whether {@code nodeId} did not answer a push a short while ago */
    boolean absent(String nodeId) {
        return queues.paused(nodeId);
    }

    @Override
    public Waiting waiting(String nodeId) {
        return queues.waiting(nodeId);
    }

    private void sendAll() {
        try {
            sendToAll();
        } catch (RuntimeException e) {
            LOG.warn("Pushing failed; tried again in a second", e); // a periodic task that throws is not run again
        }
    }

    private void sendToAll() {
        Set<String> waiting = queues.peers();
        if (waiting.isEmpty()) {
            return; // nothing waits: no need to read the peers every second
        }
        List<Peer> all = peers.list();
        waiting.stream().filter(id -> all.stream().noneMatch(peer -> peer.nodeId().equals(id)))
                .forEach(id -> queues.drop(id, "no longer a peer"));
        for (Peer peer : all) {
            if (waiting.contains(peer.nodeId()) && !standing.mayContact(peer.nodeId())) {
                queues.drop(peer.nodeId(), "refused"); // anti-entropy brings them once it takes this node
            } else if (waiting.contains(peer.nodeId()) && sending.add(peer.nodeId())) {
                sendNext(peer);
            }
        }
    }

    /** Sends the next batch to {@code peer}, which {@link #sending} holds; the answer is read on the sender thread. */
    private void sendNext(Peer peer) {
        List<SignedRecord> batch = queues.take(peer.nodeId(), MAX_BATCH);
        if (batch.isEmpty()) {
            sending.remove(peer.nodeId());
            return;
        }
        byte[] body = WireRecords.encode(batch,
                originKeys.forRecords(batch.stream().map(SignedRecord::origin).distinct().toList()), null);
        client.sendAsync("peer " + peer.nodeId(), peer.url().resolve(PATH), body, ANSWER)
                .whenComplete((response, failure) -> {
                    if (!onSender(() -> answered(peer, batch, response, failure))) {
                        sending.remove(peer.nodeId()); // stopping
                    }
                });
    }

    private void answered(Peer peer, List<SignedRecord> batch, HttpResponse<byte[]> response, Throwable failure) {
        try {
            readAnswer(peer, batch, response, failure);
        } catch (RuntimeException e) {
            sending.remove(peer.nodeId());
            LOG.warn("Reading the answer of peer {} to a push failed", peer.nodeId(), e);
        }
    }

    private void readAnswer(Peer peer, List<SignedRecord> batch, HttpResponse<byte[]> response, Throwable failure) {
        String id = peer.nodeId();
        switch (answers.read(peer, batch.size(), response, failure)) {
            case DONE -> {
                dropLogged.remove(id);
                sendNext(peer); // the next batch, if any, at once
                return;
            }
            case AGAIN -> queues.putBack(id, batch).forEach(this::dropped);
            case NO_ANSWER -> {
                int dropped = batch.size() + queues.pause(id, ABSENT_PAUSE).records();
                LOG.info("Peer {} does not answer: {} record(s) waiting for it dropped, none queued for {} s; "
                        + "anti-entropy brings them when it is back", id, dropped, ABSENT_PAUSE.toSeconds());
            }
            case REFUSED -> queues.drop(id, "refused");
        }
        sending.remove(id);
    }

    /** Says once, until the peer takes pushes again, that what waited for it was dropped to keep within the limits. */
    private void dropped(PushQueues.Dropped dropped) {
        if (dropLogged.add(dropped.nodeId())) {
            LOG.warn("{} record(s) ({} KiB) waiting for peer {} dropped: {}; anti-entropy brings them to it (said once "
                    + "until it takes pushes again)", dropped.records(), PushQueues.kib(dropped.bytes()),
                    dropped.nodeId(), dropped.why());
        }
    }

    /** @return whether {@code task} will run on the sender thread (not when the component stops) */
    private boolean onSender(Runnable task) {
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
            LOG.warn("Refreshing peers failed", e);
        }
    }
}
