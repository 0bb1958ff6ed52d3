package org.dump.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.crypto.IndexSignature;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.repository.InstallProgress;
import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleRefusedException;
import org.dump.repository.ModuleVersion;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * This node's view of the module repositories: its own holdings ({@link Holdings}), what each peer holds (read
 * from {@code GET /repository} of every peer), and the bundles, fetched from wherever they are and checked
 * ({@link BundleCheck}) before they are kept.
 */
@Component(service = {NodeRepository.class, ModuleCatalog.class})
public final class NodeRepository implements ModuleCatalog {

    static final String LOCATION_PREFIX = "dump-repository:";
    static final String THIS_NODE = "this node";
    /** No module bundle is this large; a peer that sends more is cut off. */
    static final long MAX_BUNDLE_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(NodeRepository.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BundleContext context;
    private final PublisherTrust trust;
    private final PeerDirectory peers;
    private final Holdings holdings;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    /** The bundles each peer said it holds at the last reading, by node id. */
    private final Map<String, Set<String>> peerBundles = new ConcurrentHashMap<>();

    @Activate
    public NodeRepository(BundleContext context, @Reference PublisherTrust trust, @Reference PeerDirectory peers) {
        this(context, trust, peers, dataDirectory(context).resolve("repository"));
    }

    NodeRepository(BundleContext context, PublisherTrust trust, PeerDirectory peers, Path directory) {
        this.context = context;
        this.trust = trust;
        this.peers = peers;
        this.holdings = new Holdings(directory, trust);
    }

    private static Path dataDirectory(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        return (karafData != null ? Path.of(karafData) : context.getDataFile("").toPath()).toAbsolutePath()
                .resolve("dump");
    }

    Holdings holdings() {
        return holdings;
    }

    @Override
    public List<ModuleVersion> available() {
        List<ModuleVersion> versions = new ArrayList<>();
        Set<String> held = holdings.digests();
        for (SignedIndex index : holdings.indexes()) {
            for (IndexResource resource : index.index().resources()) {
                if (resource.module() == null) {
                    continue;
                }
                List<String> sources = new ArrayList<>();
                if (held.contains(resource.sha256())) {
                    sources.add(THIS_NODE);
                }
                peerBundles.forEach((peer, digests) -> {
                    if (digests.contains(resource.sha256())) {
                        sources.add(peer);
                    }
                });
                versions.add(new ModuleVersion(resource.module(), resource.dataVersion(), resource.symbolicName(),
                        resource.version().toString(), index.publisher().name(), resource.sha256(), resource.size(),
                        sources));
            }
        }
        versions.sort(Comparator.comparing(ModuleVersion::module)
                .thenComparing(v -> org.osgi.framework.Version.parseVersion(v.version()), Comparator.reverseOrder()));
        return versions;
    }

    @Override
    public List<InstalledModule> installed() {
        List<InstalledModule> installed = new ArrayList<>();
        List<SignedIndex> indexes = holdings.indexes();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability module : revision.getDeclaredCapabilities(IndexResource.MODULE_NAMESPACE)) {
                Object dataVersion = module.getAttributes().get("data.version");
                installed.add(new InstalledModule(String.valueOf(module.getAttributes().get(
                        IndexResource.MODULE_NAMESPACE)), dataVersion == null ? null : dataVersion.toString(),
                        bundle.getSymbolicName(), bundle.getVersion().toString(), bundle.getBundleId(),
                        state(bundle), publisherOf(bundle, indexes).flatMap(trust::byFingerprint)
                                .map(TrustedPublisher::name).orElse(null)));
            }
        }
        return installed;
    }

    /**
     * @return the fingerprint of the publisher a bundle came from: as remembered when it was installed, or else the
     *         one whose held index lists the bundle's name and version
     */
    Optional<String> publisherOf(Bundle bundle, List<SignedIndex> indexes) {
        Optional<Holdings.Provenance> provenance = holdings.provenance(bundle.getSymbolicName(),
                bundle.getVersion().toString());
        if (provenance.isPresent()) {
            return provenance.map(Holdings.Provenance::fingerprint);
        }
        return indexes.stream().filter(index -> index.index().resources().stream().anyMatch(resource ->
                resource.symbolicName().equals(bundle.getSymbolicName())
                        && resource.version().equals(bundle.getVersion())))
                .map(SignedIndex::fingerprint).findFirst();
    }

    static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }

    @Override
    public String importRepository(URI repository, InstallProgress progress) throws ModuleRefusedException {
        URI base = repository.toString().endsWith("/") ? repository : URI.create(repository + "/");
        progress.step("reading the signed index at " + base);
        SignedIndex index = SignedIndex.verify(read(base.resolve("index.xml"), RepositoryIndex.MAX_BYTES),
                read(base.resolve(IndexSignature.FILE_NAME), 4096), trust, base.toString());
        boolean newer = holdings.adopt(index, base.toString());
        int kept = 0;
        int missing = 0;
        for (IndexResource resource : index.index().resources()) {
            if (holdings.bundle(resource.sha256()).isPresent()) {
                continue;
            }
            Object url = resource.getCapabilities(IndexResource.CONTENT_NAMESPACE).get(0).getAttributes().get("url");
            if (url == null) {
                missing++;
                continue;
            }
            try {
                download(base.resolve(url.toString()), resource, index, progress);
                kept++;
            } catch (ModuleRefusedException e) {
                // One bad bundle does not make the others bad; nothing of it is kept.
                LOG.warn("{}", e.getMessage());
                progress.step("refused: " + e.getMessage());
                missing++;
            }
        }
        return "Index of publisher " + index.publisher().name() + " (increment " + index.increment() + ", "
                + index.index().resources().size() + " bundle(s)) " + (newer ? "taken" : "was held already") + "; "
                + kept + " bundle(s) checked and kept" + (missing > 0 ? ", " + missing + " not taken" : "") + ".";
    }

    @Override
    public void readPeers() {
        for (Peer peer : peers.list()) {
            try {
                readPeer(peer);
            } catch (IOException | RuntimeException e) {
                LOG.info("Cannot read the repository of peer {} at {}: {}", peer.nodeId(), peer.url(),
                        e.getMessage() != null ? e.getMessage() : e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void readPeer(Peer peer) throws IOException, InterruptedException {
        URI base = peer.url().resolve("repository/");
        JsonNode listing = JSON.readTree(fetch(peer.url().resolve("repository"), 1024 * 1024));
        JsonNode bundles = listing.path("bundles");
        Set<String> digests = ConcurrentHashMap.newKeySet();
        bundles.forEach(b -> {
            if (Holdings.SHA256.matcher(b.asText()).matches()) {
                digests.add(b.asText());
            }
        });
        peerBundles.put(peer.nodeId(), digests);
        for (JsonNode publisher : listing.path("publishers")) {
            String fingerprint = publisher.path("fingerprint").asText();
            long increment = publisher.path("increment").asLong(-1);
            if (trust.byFingerprint(fingerprint).isEmpty() || increment <= holdings.increment(fingerprint)) {
                continue; // nothing newer than what is held, or a publisher this node does not trust
            }
            String source = "peer " + peer.nodeId();
            try {
                SignedIndex index = SignedIndex.verify(fetch(base.resolve(fingerprint + "/index.xml"),
                        RepositoryIndex.MAX_BYTES), fetch(base.resolve(fingerprint + "/" + IndexSignature.FILE_NAME),
                        4096), trust, source);
                if (!index.fingerprint().equals(fingerprint)) {
                    throw new ModuleRefusedException("peer " + peer.nodeId() + " served publisher "
                            + index.fingerprint() + "'s index as " + fingerprint + "'s");
                }
                holdings.adopt(index, source);
            } catch (ModuleRefusedException e) {
                LOG.warn("Refused an index from peer {}: {}", peer.nodeId(), e.getMessage());
                peers.misbehaved(peer.nodeId(), 1, e.getMessage());
            }
        }
    }

    /**
     * Fetches and keeps, checked, every release newer than the installed one of each module installed here, new
     * major versions included: a node holds what it may run next, and serves it to its peers, so that a release
     * travels as far as the module runs, also to nodes that are no peer of its publisher's node.
     */
    void holdNewerReleases() {
        List<InstalledModule> installed = installed();
        for (SignedIndex index : holdings.indexes()) {
            for (IndexResource resource : index.index().resources()) {
                boolean newer = resource.module() != null && installed.stream().anyMatch(m -> m.module().equals(
                        resource.module()) && m.symbolicName().equals(resource.symbolicName())
                        && resource.version().compareTo(org.osgi.framework.Version.parseVersion(m.version())) > 0);
                if (newer && holdings.bundle(resource.sha256()).isEmpty()) {
                    try {
                        obtain(resource, index, InstallProgress.SILENT);
                        LOG.info("Holding {} (publisher {}) for this node and its peers", resource.describe(),
                                index.publisher().name());
                    } catch (ModuleRefusedException e) {
                        LOG.info("Cannot hold {} yet: {}", resource.describe(), e.getMessage());
                    }
                }
            }
        }
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
            (peerBundles.getOrDefault(peer.nodeId(), Set.of()).contains(resource.sha256()) ? holders : others)
                    .add(peer);
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

    private Path download(URI url, IndexResource resource, SignedIndex index, InstallProgress progress)
            throws ModuleRefusedException {
        Path part;
        try {
            part = holdings.temporary();
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot make room for a download: " + e.getMessage(), e);
        }
        try {
            progress.step("downloading " + resource.describe() + " from " + url);
            try (InputStream in = open(url); OutputStream out = Files.newOutputStream(part)) {
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
                throw new ModuleRefusedException("Download of " + resource.describe() + " from " + url
                        + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleRefusedException("Download of " + resource.describe() + " interrupted", e);
            }
            progress.step("verifying " + resource.describe() + " (SHA-256 in the signed index, JAR signature of "
                    + index.publisher().name() + ")");
            BundleCheck.verify(part, resource, index);
            return holdings.keep(resource.sha256(), part);
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot keep " + resource.describe() + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}", part, e);
            }
        }
    }

    private byte[] read(URI url, int limit) throws ModuleRefusedException {
        try {
            return fetch(url, limit);
        } catch (IOException e) {
            throw new ModuleRefusedException("Cannot read " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleRefusedException("Interrupted while reading " + url, e);
        }
    }

    private byte[] fetch(URI url, int limit) throws IOException, InterruptedException {
        try (InputStream in = open(url)) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new IOException(url + " is larger than " + limit + " bytes");
            }
            return body;
        }
    }

    /** Opens {@code http(s):} URLs with this node's HTTP client and {@code file:} URLs directly. */
    private InputStream open(URI url) throws IOException, InterruptedException {
        if ("file".equals(url.getScheme())) {
            return Files.newInputStream(Path.of(url));
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IOException("only http, https and file URLs are read: " + url);
        }
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return response.body();
    }
}
