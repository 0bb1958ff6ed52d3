package org.dump.federation.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.federation.PeerOrigin;
import org.dump.federation.PeerRefusedException;
import org.dump.federation.Reachability;
import org.dump.node.identity.NodeIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether this node can be reached, and keeps it reachable (protocol §13): it asks up to {@link #ASKED} peers
 * to dial it back at its public base URL; if they answer that they cannot, it attaches to a relay among its peers
 * that offer relaying (those its administrator added first), advertises its address there and says hello to every
 * peer with it. A lost relay is left to rest for {@link #REST} and another is taken at once.
 */
@Component(service = {Reachability.class, NodeReachability.class}, immediate = true, configurationPid = NodeReachability.PID)
public final class NodeReachability implements Reachability, RelayAttachment.Listener {

    static final String PID = "org.dump.federation.relay";

    /** The settings of a node that may need a relay. */
    public @interface Config {
        /** auto: ask peers; direct: never use a relay; relayed: always use one. */
        String reachability() default "auto";

        /** How often to ask again whether this node can be reached directly. */
        int recheckMinutes() default 10;
    }

    static final int ASKED = 3;
    static final Duration TICK = Duration.ofSeconds(2);
    /** While no peer has given a verdict (none yet, say): ask again this soon. */
    static final Duration UNKNOWN_AGAIN = Duration.ofSeconds(5);
    /** While no relay takes this node: look again this soon. */
    static final Duration ATTACH_AGAIN = Duration.ofSeconds(20);
    static final Duration REST = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(NodeReachability.class);

    private final NodeIdentity identity;
    private final PeerDirectory peers;
    private final PeerClient client;
    private final LocalDoor door;
    private final AdvertisedAddress address;
    private final MutualPeering peering;
    private final ReachabilityProbe probe;
    private final NodeFrontDoor frontDoors;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> resting = new ConcurrentHashMap<>();
    private final Rounds rounds;
    private volatile Config config;
    private volatile Mode mode = Mode.UNKNOWN;
    private volatile Instant checked;
    private volatile String note = "not checked yet";
    private volatile Instant nextCheck = Instant.EPOCH;
    private volatile Instant nextAttach = Instant.EPOCH;
    private volatile RelayAttachment attachment;

    @Activate
    public NodeReachability(@Reference NodeIdentity identity, @Reference PeerDirectory peers,
            @Reference PeerClient client, @Reference LocalDoor door, @Reference AdvertisedAddress address,
            @Reference MutualPeering peering, Config config) {
        this.identity = identity;
        this.peers = peers;
        this.client = client;
        this.door = door;
        this.address = address;
        this.peering = peering;
        this.config = config;
        this.probe = new ReachabilityProbe(identity, client);
        this.frontDoors = new NodeFrontDoor(client, Duration.ofSeconds(10));
        this.rounds = new Rounds("dump-reachability", this::tick, Duration.ofSeconds(3), TICK);
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
        nextCheck = Instant.EPOCH;
    }

    @Deactivate
    void stop() {
        rounds.close();
        RelayAttachment current = attachment;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public Report report() {
        RelayAttachment current = attachment;
        List<URI> relays = current != null && current.isAttached() ? List.of(current.relay()) : List.of();
        AddressStatement said = address.statement();
        return new Report(mode, said.address(), relays, checked, note, Instant.ofEpochSecond(said.issued()),
                said.signature());
    }

    /** One step: check when due, attach when a relay is needed and none is attached. */
    void tick() {
        String wanted = config.reachability().strip().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        if ("direct".equals(wanted)) {
            becomeDirect("reachability = direct: this node never uses a relay");
            return;
        }
        if ("relayed".equals(wanted)) {
            if (mode == Mode.UNKNOWN || mode == Mode.DIRECT) {
                mode = Mode.UNREACHABLE;
                note = "reachability = relayed: this node always uses a relay";
            }
        } else if (!now.isBefore(nextCheck)) {
            check(now);
        }
        if ((mode == Mode.RELAYED || mode == Mode.UNREACHABLE) && attachment == null && !now.isBefore(nextAttach)) {
            attach(now);
        }
    }

    private void check(Instant now) {
        List<Peer> asked = new ArrayList<>(peers.list().stream().filter(peer -> !relayedAddress(peer.url())).toList());
        Collections.shuffle(asked);
        List<ReachabilityProbe.Verdict> verdicts = new ArrayList<>();
        for (Peer peer : asked.subList(0, Math.min(ASKED, asked.size()))) {
            probe.ask(peer, address.publicBaseUrl()).ifPresent(verdicts::add);
        }
        Optional<ReachabilityProbe.Verdict> reached = verdicts.stream().filter(ReachabilityProbe.Verdict::reachable)
                .findFirst();
        if (reached.isPresent()) {
            checked = now;
            nextCheck = now.plus(Duration.ofMinutes(Math.max(1, config.recheckMinutes())));
            becomeDirect("reached at " + address.publicBaseUrl() + " (" + reached.get().message() + ")");
        } else if (!verdicts.isEmpty()) {
            checked = now;
            nextCheck = now.plus(Duration.ofMinutes(Math.max(1, config.recheckMinutes())));
            if (mode != Mode.RELAYED) {
                mode = Mode.UNREACHABLE;
                note = "not reached at " + address.publicBaseUrl() + " (" + verdicts.get(0).message() + ")";
                LOG.info("Peers cannot reach this node at {}: it looks for a relay among its peers",
                        address.publicBaseUrl());
            }
        } else {
            nextCheck = now.plus(UNKNOWN_AGAIN);
            if (mode == Mode.UNKNOWN) {
                note = asked.isEmpty() ? "no peer to ask yet (dump:peer-add adds one)"
                        : "no peer answered a dial-back yet (" + Math.min(ASKED, asked.size()) + " asked)";
            }
        }
    }

    /** Attaches to the first peer that offers relaying, the administrator's own peers first. */
    private void attach(Instant now) {
        nextAttach = now.plus(ATTACH_AGAIN);
        resting.values().removeIf(until -> until.isBefore(now));
        List<Peer> candidates = peers.list().stream()
                .filter(peer -> !relayedAddress(peer.url()) && !resting.containsKey(peer.nodeId()))
                .sorted(Comparator.comparing((Peer peer) -> peer.origin() != PeerOrigin.ADMIN)
                        .thenComparing(Peer::added))
                .toList();
        for (Peer peer : candidates) {
            try {
                if (!frontDoors.read(peer.url()).relays()) {
                    continue;
                }
            } catch (PeerRefusedException e) {
                continue;
            }
            RelayAttachment next = new RelayAttachment(peer.url(), peer.nodeId(), identity, client, door, this);
            attachment = next;
            note = "attaching to relay " + peer.url();
            next.start();
            return;
        }
        if (candidates.isEmpty()) {
            nextAttach = now; // nothing was read: look again at the next tick, for a peer added meanwhile
        }
        note = "no peer relays for this node (none of " + candidates.size() + " offers to, or all were lost lately)";
        if (mode == Mode.RELAYED) {
            mode = Mode.UNREACHABLE;
        }
    }

    @Override
    public void attached(RelayAttachment attached) {
        if (attached != attachment) {
            attached.close();
            return;
        }
        mode = Mode.RELAYED;
        note = "relayed through " + attached.relay();
        LOG.info("This node is reached through relay {} ({}) at {}", attached.relayId(), attached.relay(),
                attached.address());
        if (address.relayedAt(attached.address())) {
            peering.greetAll();
        }
    }

    @Override
    public void lost(RelayAttachment lost, String why) {
        if (lost != attachment) {
            return;
        }
        attachment = null;
        resting.put(lost.relayId(), clock.instant().plus(REST));
        nextAttach = Instant.EPOCH;
        if (mode == Mode.RELAYED) {
            mode = Mode.UNREACHABLE;
        }
        note = "relay " + lost.relay() + " lost: " + why;
        LOG.warn("Relay {} lost: {}; looking for another", lost.relay(), why);
        rounds.soon("tick", this::tick);
    }

    private void becomeDirect(String why) {
        RelayAttachment current = attachment;
        attachment = null;
        if (current != null) {
            current.close();
        }
        if (mode != Mode.DIRECT) {
            LOG.info("This node is reached directly: {}", why);
        }
        mode = Mode.DIRECT;
        note = why;
        if (address.direct()) {
            peering.greetAll();
        }
    }

    /** @return whether {@code url} is a node's address at a relay: such a node cannot relay, nor dial back */
    static boolean relayedAddress(URI url) {
        return url.getPath() != null && url.getPath().startsWith("/relay/");
    }
}
