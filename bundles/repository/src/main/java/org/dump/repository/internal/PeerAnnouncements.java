package org.dump.repository.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the peers say they run: each node's public {@code GET /api/node} lists its running modules with their
 * bundle versions (a module's major version 2 or later runs under the id {@code ID-vMAJOR}). Asked of all peers at
 * once, with a short time limit: a peer that does not answer in time, or answers nonsense, is left out. An
 * announcement only makes this node read the peers' repositories, where every offer is checked; it is never
 * trusted for anything else.
 */
final class PeerAnnouncements {

    /** A peer runs a version of a module. */
    record Announcement(Peer peer, String moduleId, Version version) {
        String describe() {
            return (peer.name() == null || peer.name().isBlank() ? peer.nodeId() : peer.name()) + " runs " + moduleId
                    + " " + version;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerAnnouncements.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 256 * 1024;

    private final PeerDirectory peers;
    private final RepositoryHttp http;
    private final Executor threads;

    PeerAnnouncements(PeerDirectory peers, RepositoryHttp http, Executor threads) {
        this.peers = peers;
        this.http = http;
        this.threads = threads;
    }

    /** @return the versions of the module, in any major version, that the peers say they run now */
    List<Announcement> of(String module) {
        Pattern ids = Pattern.compile(Pattern.quote(module) + "(-v[0-9]+)?");
        List<CompletableFuture<List<Announcement>>> asked = peers.list().stream()
                .map(peer -> CompletableFuture.supplyAsync(() -> ask(peer, ids), threads)).toList();
        List<Announcement> announced = new ArrayList<>();
        asked.forEach(answer -> announced.addAll(answer.join()));
        return announced;
    }

    private List<Announcement> ask(Peer peer, Pattern ids) {
        try {
            JsonNode node = RepositoryHttp.JSON.readTree(http.fetch(peer.url().resolve("api/node"), MAX_BYTES,
                    TIMEOUT));
            List<Announcement> announced = new ArrayList<>();
            for (JsonNode module : node.path("modules")) {
                String id = module.path("id").asText();
                if (ids.matcher(id).matches()) {
                    try {
                        announced.add(new Announcement(peer, id, Version.parseVersion(module.path("version")
                                .asText())));
                    } catch (IllegalArgumentException e) {
                        LOG.debug("Peer {} announces {} with a malformed version", peer.nodeId(), id);
                    }
                }
            }
            return announced;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Peer {} did not say what it runs: {}", peer.nodeId(), RepositoryHttp.reason(e));
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
