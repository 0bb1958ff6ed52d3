package org.dump.repository.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;

import org.dump.crypto.IndexSignature;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.dump.repository.PublisherTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the peers' repositories ({@code GET /repository} of each, all at once): an index of a trusted publisher
 * newer than the one held is checked and taken, and the bundles each peer holds are noted, to download from it
 * later. A peer that serves an index other than it announced, or one that does not check out, is counted as
 * misbehaving; nothing this node holds is replaced by anything that did not check out.
 */
final class PeerRepositories {

    private static final Logger LOG = LoggerFactory.getLogger(PeerRepositories.class);
    private static final int MAX_LISTING_BYTES = 1024 * 1024;

    /** How the reading of one peer went, in words for the administrator. */
    record Outcome(Peer peer, String what, boolean failed) {
        String line() {
            return "peer " + name(peer) + ": " + what;
        }
    }

    /** How a reading of every peer went. */
    record Reading(List<Outcome> outcomes) {
        Reading {
            outcomes = List.copyOf(outcomes);
        }

        /** @return e.g. {@code 2 peer(s) read; could not read peer Y: Connection refused} */
        String summary() {
            List<String> failures = outcomes.stream().filter(Outcome::failed).map(Outcome::line).toList();
            return outcomes.isEmpty() ? "this node has no peers to ask: dump:peer-add URL adds one"
                    : outcomes.size() + " peer(s) read" + (failures.isEmpty() ? "" : "; " + String.join("; ",
                            failures));
        }
    }

    private final Holdings holdings;
    private final PublisherTrust trust;
    private final PeerDirectory peers;
    private final RepositoryHttp http;
    private final Executor threads;
    /** The bundles each peer said it holds at the last reading, by node id. */
    private final Map<String, Set<String>> peerBundles = new ConcurrentHashMap<>();
    private volatile Instant lastRead;

    PeerRepositories(Holdings holdings, PublisherTrust trust, PeerDirectory peers, RepositoryHttp http,
            Executor threads) {
        this.holdings = holdings;
        this.trust = trust;
        this.peers = peers;
        this.http = http;
        this.threads = threads;
    }

    /** Reads every peer's repository, all at once, and tells how each went as it ends (on the caller's thread). */
    Reading read(InstallProgress progress) {
        List<Peer> list = peers.list();
        if (list.isEmpty()) {
            progress.step("this node has no peers whose repositories it could read");
        } else {
            progress.step("reading the repositories of " + list.size() + " peer(s)…");
        }
        CompletionService<Outcome> reading = new ExecutorCompletionService<>(threads);
        list.forEach(peer -> reading.submit(() -> read(peer)));
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < list.size(); i++) {
                Outcome outcome = reading.take().get();
                progress.step(outcome.line());
                outcomes.add(outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reading(outcomes);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading a peer's repository failed unexpectedly", e.getCause());
        }
        lastRead = Instant.now();
        return new Reading(outcomes);
    }

    /** @return when every peer's repository was last read, if it was since this node started */
    Optional<Instant> lastRead() {
        return Optional.ofNullable(lastRead);
    }

    /** @return whether the peer said, at the last reading, that it holds the bundle */
    boolean holds(String nodeId, String sha256) {
        return peerBundles.getOrDefault(nodeId, Set.of()).contains(sha256);
    }

    /** @return the ids of the peers that said, at the last reading, that they hold the bundle */
    List<String> holders(String sha256) {
        return peerBundles.entrySet().stream().filter(e -> e.getValue().contains(sha256)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private Outcome read(Peer peer) {
        try {
            JsonNode listing = RepositoryHttp.JSON.readTree(http.fetch(peer.url().resolve("repository"),
                    MAX_LISTING_BYTES));
            Set<String> digests = ConcurrentHashMap.newKeySet();
            listing.path("bundles").forEach(b -> {
                if (Holdings.SHA256.matcher(b.asText()).matches()) {
                    digests.add(b.asText());
                }
            });
            peerBundles.put(peer.nodeId(), digests);
            List<String> taken = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (JsonNode publisher : listing.path("publishers")) {
                String fingerprint = publisher.path("fingerprint").asText();
                long increment = publisher.path("increment").asLong(-1);
                if (trust.byFingerprint(fingerprint).isEmpty() || increment <= holdings.increment(fingerprint)) {
                    continue; // nothing newer than what is held, or a publisher this node does not trust
                }
                try {
                    take(peer, fingerprint, increment).ifPresent(taken::add);
                } catch (ModuleRefusedException e) {
                    LOG.warn("Refused an index from peer {}: {}", peer.nodeId(), e.getMessage());
                    peers.misbehaved(peer.nodeId(), 1, e.getMessage());
                    refused.add(e.getMessage());
                }
            }
            String holds = "holds " + digests.size() + " bundle(s)";
            if (!refused.isEmpty()) {
                return new Outcome(peer, holds + "; refused what it served: " + String.join("; ", refused), true);
            }
            return new Outcome(peer, holds + (taken.isEmpty() ? "; no index newer than this node's"
                    : "; took the index of " + String.join(", ", taken)), false);
        } catch (IOException | RuntimeException e) {
            LOG.info("Cannot read the repository of peer {} at {}: {}", peer.nodeId(), peer.url(),
                    RepositoryHttp.reason(e));
            return new Outcome(peer, "cannot be read: " + RepositoryHttp.reason(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(peer, "not read: interrupted", true);
        }
    }

    /** @return the publisher and increment taken, or empty if a newer index came from elsewhere meanwhile */
    private Optional<String> take(Peer peer, String fingerprint, long announced)
            throws ModuleRefusedException, IOException, InterruptedException {
        java.net.URI base = peer.url().resolve("repository/" + fingerprint + "/");
        String source = "peer " + peer.nodeId();
        SignedIndex index = SignedIndex.verify(http.fetch(base.resolve("index.xml"), RepositoryIndex.MAX_BYTES),
                http.fetch(base.resolve(IndexSignature.FILE_NAME), 4096), trust, source);
        if (!index.fingerprint().equals(fingerprint)) {
            throw new ModuleRefusedException(source + " served publisher " + index.fingerprint() + "'s index as "
                    + fingerprint + "'s");
        }
        long held = holdings.increment(fingerprint);
        if (index.increment() != announced) {
            throw new ModuleRefusedException(source + " announced increment " + announced + " of the index of "
                    + index.publisher().name() + " but served increment " + index.increment()
                    + (index.increment() < held ? ", older than the one this node holds (" + held + "): an old "
                            + "index offered again is not taken" : ""));
        }
        return holdings.adoptIfNewer(index, source) ? Optional.of(index.publisher().name() + " (increment "
                + index.increment() + ")") : Optional.empty();
    }

    private static String name(Peer peer) {
        return (peer.name() == null || peer.name().isBlank() ? peer.nodeId() : peer.name()) + " (" + peer.url()
                + ")";
    }
}
