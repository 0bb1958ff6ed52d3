package org.dump.federation.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.dump.federation.PeerDirectory;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordInventory.Range;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code POST /federation/announce} (protocol §7.8), for a peer whose request signature checked out: the records it
 * stored and does not push to this node, as sequence numbers per origin. Numbers this node has not seen are noted in
 * its {@link Gossip} trees, to be pulled from the announcer if no push brings them first; modules this node does not
 * run are passed over. Without HTTP, so that tests answer in memory.
 */
final class AnnounceEndpoint {

    /** The body: {@code {"announcements":[{"module","dataVersion","have":{origin:[[from,to],…]}}]}}. */
    record Body(List<Announcement> announcements) {
    }

    record Announcement(String module, String dataVersion, Map<String, List<long[]>> have) {
    }

    /** The most modules one request may announce, and ranges in all (a peer's queue holds no more). */
    static final int MAX_MODULES = 100;
    static final int MAX_RANGES = AnnouncementQueues.MAX_RANGES_PER_PEER;
    /** The most numbers one request may make this node wait for; the rest is left to anti-entropy. */
    static final int MAX_NOTED = 10_000;

    private static final ObjectMapper JSON = FederationJson.MAPPER;

    private final Gossip gossip;
    private final RecordInventory inventory;
    private final ModuleRegistry modules;
    private final PeerDirectory peers;

    AnnounceEndpoint(Gossip gossip, RecordInventory inventory, ModuleRegistry modules, PeerDirectory peers) {
        this.gossip = gossip;
        this.inventory = inventory;
        this.modules = modules;
        this.peers = peers;
    }

    /** @return the answer to {@code sender}'s announcements: {@code {"lacked":n}}, the numbers now waited for */
    CatchUpEndpoints.Answer answer(String sender, byte[] body) throws IOException {
        Body request;
        try {
            request = JSON.readValue(body, Body.class);
        } catch (IOException malformed) {
            return misbehaved(sender, "not announcements: " + malformed.getMessage());
        }
        if (request == null || request.announcements() == null) {
            return misbehaved(sender, "not announcements: no \"announcements\"");
        }
        if (request.announcements().size() > MAX_MODULES) {
            return misbehaved(sender, "announcements of more than " + MAX_MODULES + " modules");
        }
        int ranges = 0;
        int lacked = 0;
        for (Announcement announcement : request.announcements()) {
            if (announcement == null || announcement.module() == null || announcement.dataVersion() == null) {
                return misbehaved(sender, "an announcement without module or dataVersion");
            }
            Map<String, List<Range>> have;
            try {
                have = Ranges.fromPairs(announcement.have(), MAX_RANGES - ranges);
            } catch (IOException malformed) {
                return misbehaved(sender, "announcements: " + malformed.getMessage());
            }
            ranges += have.values().stream().mapToInt(List::size).sum();
            if (!DataVersions.runsHere(modules, announcement.module(), announcement.dataVersion())) {
                continue; // it ran it when last asked; pushes would be passed over the same way
            }
            Map<String, List<Range>> unseen = inventory.unseen(announcement.module(), have);
            if (!unseen.isEmpty() && lacked < MAX_NOTED) {
                lacked += gossip.announced(sender, announcement.module(), announcement.dataVersion(), unseen,
                        MAX_NOTED - lacked);
            }
        }
        return new CatchUpEndpoints.Answer(200, JSON.writeValueAsBytes(Map.of("lacked", lacked)));
    }

    private CatchUpEndpoints.Answer misbehaved(String sender, String why) throws IOException {
        return CatchUpEndpoints.misbehaved(peers, sender, why);
    }
}
