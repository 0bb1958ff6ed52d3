package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.dump.federation.FederationQueues;
import org.dump.federation.PeerDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The federation's bounded structures as {@code dump:queues} shows them (docs/admin.md says what each row is), read
 * afresh at each call. A size that cannot be read now (a table while the database is away) is {@link #UNREADABLE}.
 */
@Component(service = FederationQueues.class)
public final class FederationQueueSizes implements FederationQueues {

    /** The size of a structure that cannot be read now. */
    static final long UNREADABLE = -1;

    /** One row: how to read a structure's size and its limit. */
    record Gauge(String name, LongSupplier size, LongSupplier limit) {
    }

    private final List<Gauge> gauges;

    @Activate
    public FederationQueueSizes(@Reference RecordPush push, @Reference Gossip gossip, @Reference GraftPulls pulls,
            @Reference PeerDirectory peers, @Reference PeerLimits limits, @Reference PeerContacts contacts,
            @Reference JpaKnownNodes known, @Reference JpaPeerRequests requests, @Reference NodeRelay relay,
            @Reference AntiEntropy antiEntropy, @Reference PeerClient client) {
        this(concat(push(push), gossip(gossip, () -> peers.list().size()), grafts(pulls), limits(limits, contacts),
                peering(known, requests), relay(relay), threads(antiEntropy, client)));
    }

    FederationQueueSizes(List<Gauge> gauges) {
        this.gauges = List.copyOf(gauges);
    }

    @Override
    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>(gauges.size());
        for (Gauge gauge : gauges) {
            queues.add(new Queue(gauge.name(), read(gauge.size()), read(gauge.limit())));
        }
        return queues;
    }

    private static long read(LongSupplier value) {
        try {
            return value.getAsLong();
        } catch (RuntimeException unavailable) {
            return UNREADABLE; // the other rows still tell
        }
    }

    static List<Gauge> push(RecordPush push) {
        return List.of(gauge("push-bytes", () -> push.queues().bytesInAll(), () -> push.queues().limits().bytesInAll()),
                gauge("push-records", () -> push.queues().records(), () -> NO_COUNT),
                gauge("push-peers", () -> push.queues().peers().size(), () -> NO_COUNT),
                gauge("push-routing", push::routing, () -> RecordPush.MAX_ROUTING),
                gauge("push-tasks", push::tasksQueued, () -> NO_COUNT));
    }

    /** @param peers how many peers this node has: announcements are bounded per peer */
    static List<Gauge> gossip(Gossip gossip, LongSupplier peers) {
        return List.of(gauge("announcement-ranges", gossip::announcementsWaiting,
                () -> AnnouncementQueues.MAX_RANGES_PER_PEER * peers.getAsLong()),
                gauge("graft-missing", gossip::missing, gossip::mostMissing));
    }

    static List<Gauge> grafts(GraftPulls pulls) {
        return List.of(gauge("graft-pulls", pulls::pending, pulls::maxPending));
    }

    static List<Gauge> limits(PeerLimits limits, PeerContacts contacts) {
        return List.of(gauge("replay-guard-nonces", limits::noncesRemembered, limits::noncesLimit),
                gauge("peer-limits-buckets", limits::senders, () -> PeerLimits.MAX_BUCKETS),
                gauge("peer-contacts", () -> contacts.view().noted(), () -> PeerView.MAX_NOTED));
    }

    static List<Gauge> peering(JpaKnownNodes known, JpaPeerRequests requests) {
        return List.of(gauge("known-nodes", known::count, () -> JpaKnownNodes.MAX_KNOWN),
                gauge("peer-requests-pending", requests::pending, () -> JpaPeerRequests.MAX_PENDING));
    }

    static List<Gauge> relay(NodeRelay relay) {
        return List.of(gauge("relay-clients", () -> relay.report().clients().size(), () -> relay.report().maxClients()),
                gauge("relay-waiting", () -> relay.hub().waiting(), () -> relay.hub().mostWaiting()),
                gauge("relay-replay-guard-nonces", () -> relay.replays().remembered(), () -> relay.replays().limit()),
                gauge("relay-timer-tasks", relay::timerTasks, () -> NO_COUNT));
    }

    static List<Gauge> threads(AntiEntropy antiEntropy, PeerClient client) {
        return List.of(gauge("anti-entropy-tasks", antiEntropy::roundsQueued, () -> NO_COUNT),
                gauge("catch-up-pages", antiEntropy::pagesQueued, () -> NO_COUNT),
                gauge("answers-being-read", client::answersBeingRead, () -> NO_COUNT));
    }

    private static Gauge gauge(String name, LongSupplier size, LongSupplier limit) {
        return new Gauge(name, size, limit);
    }

    @SafeVarargs
    private static List<Gauge> concat(List<Gauge>... parts) {
        List<Gauge> all = new ArrayList<>();
        for (List<Gauge> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
