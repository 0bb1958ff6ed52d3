package org.dump.web.internal.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PushBacklog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code peers.json}: the node's peers, with what they exchanged, and the replication traffic chart, sampled from
 * the peer directory's totals while the section is there (only with the federation bundle). Action
 * {@code peers/refresh}: contact every peer now.
 */
@Component(service = ConsoleSection.class, configurationPid = ConsoleConfig.PID)
@Designate(ocd = ConsoleConfig.class)
public final class PeerSection implements ConsoleSection {

    private static final Logger LOG = LoggerFactory.getLogger(PeerSection.class);

    /**
     * A peer as the console shows it; times are ISO-8601 or null. {@code mutuality}: whether it takes this node as
     * its peer (MUTUAL, PENDING, ONE_SIDED, UNKNOWN), with {@code mutualityNote} saying why not; {@code origin}: how
     * it became a peer (ADMIN, EXCHANGE, ASKED; only the last two are ever dropped by the node). {@code queue}: what
     * waits to be sent to it; {@code failures} and {@code backoffSeconds}: how many times in a row it did not answer,
     * and how long until it is sent anything again.
     */
    record PeerView(String nodeId, String name, String url, boolean reachable, String lastContact, String lastSync,
            String lastError, List<String> modules, long recordsIn, long recordsOut, long refusals, String added,
            String mutuality, String mutualityNote, String origin, Queue queue, int failures, long backoffSeconds) {

        static PeerView of(Peer peer, PushBacklog backlog) {
            PushBacklog.Waiting waiting = backlog.waiting(peer.nodeId());
            PushBacklog.Backoff backoff = backlog.backoff(peer.nodeId());
            return new PeerView(peer.nodeId(), peer.name(), peer.url().toString(), peer.reachable(),
                    time(peer.lastContact()), time(peer.lastSync()), peer.lastError(), peer.modules(), peer.recordsIn(),
                    peer.recordsOut(), peer.refusals(), time(peer.added()), peer.mutuality().name(),
                    peer.mutualityNote(), peer.origin().name(), new Queue(waiting.records(),
                            (waiting.bytes() + 1023) / 1024, backlog.announcementsWaiting(peer.nodeId())),
                    backoff.failures(), (backoff.left().toMillis() + 999) / 1000);
        }
    }

    /** What waits for a peer: records and their KiB, and ranges of numbers to announce. */
    record Queue(int records, long kib, int announcements) {
    }

    record View(List<PeerView> peers, TrafficHistory.Chart traffic) {
    }

    private final PeerDirectory directory;
    private final PushBacklog backlog;
    private final TrafficHistory history;
    private final ScheduledExecutorService sampler;

    @Activate
    public PeerSection(@Reference PeerDirectory directory, @Reference PushBacklog backlog, ConsoleConfig config) {
        this.directory = directory;
        this.backlog = backlog;
        int seconds = Math.max(1, config.trafficSampleSeconds());
        this.history = new TrafficHistory(Math.max(2, config.trafficSamples()), seconds);
        this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dump-console-traffic");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, seconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        sampler.shutdownNow();
    }

    @Override
    public String name() {
        return "peers";
    }

    @Override
    public View read(Map<String, String> query) {
        return new View(directory.list().stream().map(peer -> PeerView.of(peer, backlog)).toList(), history.chart());
    }

    @Override
    public Answer act(String action, Map<String, String> form) {
        if (!"refresh".equals(action)) {
            throw ConsoleSection.unknownAction(name(), action);
        }
        directory.refresh();
        return Answer.ok(read(Map.of()));
    }

    private void sample() {
        try {
            history.sample(Instant.now(), directory.list().stream()
                    .map(p -> new TrafficHistory.Totals(p.nodeId(), p.name(), p.recordsIn(), p.recordsOut())).toList());
        } catch (RuntimeException e) {
            // A failed sample is a gap in the chart, not a reason to stop sampling.
            LOG.debug("Could not sample the peers' traffic", e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
