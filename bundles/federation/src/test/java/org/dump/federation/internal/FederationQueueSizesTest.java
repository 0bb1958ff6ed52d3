package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.dump.federation.FederationQueues;
import org.dump.federation.FederationQueues.Queue;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.testing.TestNodeIdentity;
import org.dump.node.testing.Configs;
import org.junit.After;
import org.junit.Test;

/** What {@code dump:queues} is told of the federation: the real structures' sizes and limits, by stable names. */
public class FederationQueueSizesTest {

    private static final Pattern KEBAB = Pattern.compile("[a-z]+(-[a-z]+)*");

    private final TestNodeIdentity self = new TestNodeIdentity();
    private final PeerClient client = new PeerClient(self);
    private final NodeRelay relay = new NodeRelay(client, relayConfig(3));

    @After
    public void stop() {
        relay.stop();
        client.stop();
    }

    @Test
    public void theStructuresAreReadAsTheyAreNow() {
        PeerLimits limits = new PeerLimits(10, 1024 * 1024, System::nanoTime);
        ReplayGuard hello = limits.replayGuard("hello");
        for (int i = 0; i < PeerLimits.MAX_BUCKETS + 1000; i++) {
            limits.admit("hello from 10.1." + i / 256 + "." + i % 256, 1, 0);
        }
        long created = Instant.now().getEpochSecond();
        hello.check("node-a", "n1", created);
        hello.check("node-b", "n1", created);
        PeerContacts contacts = new PeerContacts();
        contacts.unanswered(java.net.URI.create("http://10.9.9.9:8181/"));
        Gossip gossip = new Gossip(self.id(), System::nanoTime);
        gossip.announced("peer", "market", "1.0.0", Map.of("origin", List.of(new Range(1, 3))), 10);

        List<FederationQueueSizes.Gauge> gauges = new ArrayList<>();
        gauges.addAll(FederationQueueSizes.gossip(gossip, () -> 2));
        gauges.addAll(FederationQueueSizes.limits(limits, contacts));
        gauges.addAll(FederationQueueSizes.relay(relay));
        Map<String, Queue> shown = byName(new FederationQueueSizes(gauges).queues());

        assertEquals(new Queue("announcement-ranges", 0, 2 * AnnouncementQueues.MAX_RANGES_PER_PEER),
                shown.get("announcement-ranges"));
        assertEquals(new Queue("graft-missing", 3, Gossip.MAX_MISSING), shown.get("graft-missing"));
        assertEquals(new Queue("replay-guard-nonces", 2, 100_000), shown.get("replay-guard-nonces"));
        assertEquals("at its bound after 1,000 more senders than it keeps",
                new Queue("peer-limits-buckets", PeerLimits.MAX_BUCKETS, PeerLimits.MAX_BUCKETS),
                shown.get("peer-limits-buckets"));
        assertEquals(new Queue("peer-contacts", 1, PeerView.MAX_NOTED), shown.get("peer-contacts"));
        assertEquals(new Queue("relay-clients", 0, 3), shown.get("relay-clients"));
        assertEquals(new Queue("relay-waiting", 0, 3 * 64), shown.get("relay-waiting"));
        assertEquals(new Queue("relay-replay-guard-nonces", 0, 100_000), shown.get("relay-replay-guard-nonces"));
        assertTrue(shown.get("relay-timer-tasks").size() >= 1); // the idle sweep
        assertEquals(FederationQueues.NO_COUNT, shown.get("relay-timer-tasks").limit());
    }

    @Test
    public void aSizeThatCannotBeReadIsMinusOneAndTheOtherRowsStillTell() {
        List<Queue> shown = new FederationQueueSizes(List.of(
                new FederationQueueSizes.Gauge("known-nodes", () -> {
                    throw new IllegalStateException("the database is away");
                }, () -> JpaKnownNodes.MAX_KNOWN),
                new FederationQueueSizes.Gauge("graft-pulls", () -> 3, () -> 16))).queues();
        assertEquals(List.of(new Queue("known-nodes", FederationQueueSizes.UNREADABLE, JpaKnownNodes.MAX_KNOWN),
                new Queue("graft-pulls", 3, 16)), shown);
    }

    @Test
    public void everyRowHasAKebabCaseNameOfItsOwn() {
        List<FederationQueueSizes.Gauge> all = new ArrayList<>();
        all.addAll(FederationQueueSizes.gossip(new Gossip(self.id(), System::nanoTime), () -> 0));
        all.addAll(FederationQueueSizes.limits(new PeerLimits(10, 1024, System::nanoTime), new PeerContacts()));
        all.addAll(FederationQueueSizes.relay(relay));
        List<String> names = all.stream().map(FederationQueueSizes.Gauge::name).toList();
        assertEquals(names.size(), names.stream().distinct().count());
        names.forEach(name -> assertTrue(name, KEBAB.matcher(name).matches()));
    }

    private static Map<String, Queue> byName(List<Queue> queues) {
        Map<String, Queue> byName = new java.util.LinkedHashMap<>();
        queues.forEach(queue -> byName.put(queue.name(), queue));
        return byName;
    }

    static NodeRelay.Config relayConfig(int clients) {
        return Configs.of(NodeRelay.Config.class, Map.of("relayClients", clients, "relayBytesPerSecond", 262_144L,
                "relayIdleSeconds", 60));
    }
}
