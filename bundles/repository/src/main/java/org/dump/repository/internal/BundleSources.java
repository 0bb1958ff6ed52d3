package org.dump.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the bundles of the trusted indexes come from: this node's repository when it holds them, otherwise a
 * download from a peer (those whose repositories said they hold it first). Every bundle is checked
 * ({@link BundleCheck}) before it is kept, and a peer that serves another bundle than the index lists is counted as
 * misbehaving.
 */
final class BundleSources {

    /** No module bundle is this large; a source that sends more is cut off. */
    static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BundleSources.class);

    private final Holdings holdings;
    private final RepositoryHttp http;
    private final PeerDirectory peers;
    private final PeerRepositories peerRepositories;

    BundleSources(Holdings holdings, RepositoryHttp http, PeerDirectory peers, PeerRepositories peerRepositories) {
        this.holdings = holdings;
        this.http = http;
        this.peers = peers;
        this.peerRepositories = peerRepositories;
    }

    /**
     * Makes sure a bundle of an index is held: taken from this node's repository if there, otherwise downloaded
     * from a peer that holds it, and checked either way.
     *
     * @return the held, checked file
     */
    Path obtain(IndexResource resource, SignedIndex index, InstallProgress progress) throws ModuleRefusedException {
        Optional<Path> held = holdings.bundle(resource.sha256());
        if (held.isPresent()) {
            BundleCheck.verify(held.get(), resource, index);
            return held.get();
        }
        List<Peer> holders = new ArrayList<>();
        List<Peer> others = new ArrayList<>();
        for (Peer peer : peers.list()) {
            (peerRepositories.holds(peer.nodeId(), resource.sha256()) ? holders : others).add(peer);
        }
        holders.addAll(others); // a peer may have got it since its listing was read
        List<String> failures = new ArrayList<>();
        for (Peer peer : holders) {
            URI url = peer.url().resolve("repository/" + RepositoryServlet.BUNDLES + "/" + resource.sha256()
                    + ".jar");
            try {
                return download(url, resource, index, progress);
            } catch (ModuleRefusedException e) {
                failures.add("peer " + peer.nodeId() + ": " + e.getMessage());
                if (!(e.getCause() instanceof IOException) && !e.getMessage().contains("HTTP 404")) {
                    peers.misbehaved(peer.nodeId(), 1, e.getMessage());
                }
            }
        }
        throw new ModuleRefusedException("No peer could give " + resource.describe()
                + (failures.isEmpty() ? " (this node has no peers)" : ": " + String.join("; ", failures)));
    }

    /** Downloads a bundle of an index from {@code url}, checks it and keeps it; nothing is kept if a check fails. */
    Path download(URI url, IndexResource resource, SignedIndex index, InstallProgress progress)
            throws ModuleRefusedException {
        Path part;
        try {
            part = holdings.temporary();
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot make room for a download: " + RepositoryHttp.reason(e), e);
        }
        try {
            progress.step("downloading " + resource.describe() + " from " + url);
            copy(url, part, resource, progress);
            progress.step("verifying " + resource.describe() + " (SHA-256 in the signed index, JAR signature of "
                    + index.publisher().name() + ")");
            BundleCheck.verify(part, resource, index);
            return holdings.keep(resource.sha256(), part);
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot keep " + resource.describe() + ": " + RepositoryHttp.reason(e), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}", part, e);
            }
        }
    }

    private void copy(URI url, Path part, IndexResource resource, InstallProgress progress)
            throws ModuleRefusedException {
        try (InputStream in = http.open(url); OutputStream out = Files.newOutputStream(part)) {
            long total = resource.size();
            long done = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                done += n;
                if (done > MAX_BUNDLE_BYTES || (total > 0 && done > total)) {
                    throw new ModuleRefusedException(url + " sends more than the " + Math.max(total, 0)
                            + " bytes the index gives for " + resource.describe());
                }
                out.write(buffer, 0, n);
                progress.downloaded(resource.describe(), done, total);
            }
        } catch (IOException e) {
            throw new ModuleRefusedException("Download of " + resource.describe() + " from " + url + " failed: "
                    + RepositoryHttp.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleRefusedException("Download of " + resource.describe() + " interrupted", e);
        }
    }
}
