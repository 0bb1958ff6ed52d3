package org.dump.repository.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.federation.PeerDirectory;
import org.dump.node.module.ModuleImports;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the module repositories: its own holdings ({@link Holdings}), what its peers' repositories
 * hold ({@link PeerRepositories}), where bundles come from ({@link BundleSources}), and what is installed. It also
 * owns the bundle's threads, which the readings, the automatic updates and the import of the shipped modules share.
 */
@Component(service = {NodeRepository.class, ModuleCatalog.class})
public final class NodeRepository implements ModuleCatalog {

    static final String LOCATION_PREFIX = ModuleImports.REPOSITORY_LOCATION_PREFIX;
    static final String THIS_NODE = "this node";
    private static final Logger LOG = LoggerFactory.getLogger(NodeRepository.class);

    private final BundleContext context;
    private final PublisherTrust trust;
    private final Holdings holdings;
    private final ExecutorService threads;
    private final RepositoryHttp http;
    private final PeerRepositories peerRepositories;
    private final BundleSources bundles;
    private final RepositoryImport imports;
    private final PeerAnnouncements announcements;

    @Activate
    public NodeRepository(BundleContext context, @Reference PublisherTrust trust, @Reference PeerDirectory peers) {
        this(context, trust, peers, dataDirectory(context).resolve("repository"));
    }

    NodeRepository(BundleContext context, PublisherTrust trust, PeerDirectory peers, Path directory) {
        this.context = context;
        this.trust = trust;
        this.holdings = new Holdings(directory, trust);
        AtomicInteger count = new AtomicInteger();
        // Threads come and go with the work: readings of peers run side by side, and nothing waits when idle.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread daemon = new Thread(r, "dump-repository-" + count.incrementAndGet());
            daemon.setDaemon(true);
            return daemon;
        });
        this.http = new RepositoryHttp();
        this.peerRepositories = new PeerRepositories(holdings, trust, peers, http, threads);
        this.bundles = new BundleSources(holdings, http, peers, peerRepositories);
        this.imports = new RepositoryImport(holdings, trust, http, bundles);
        this.announcements = new PeerAnnouncements(peers, http, threads);
    }

    @Deactivate
    void stop() {
        threads.shutdownNow();
        http.close();
    }

    private static Path dataDirectory(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        return (karafData != null ? Path.of(karafData) : context.getDataFile("").toPath()).toAbsolutePath()
                .resolve("dump");
    }

    Holdings holdings() {
        return holdings;
    }

    PeerRepositories peerRepositories() {
        return peerRepositories;
    }

    BundleSources bundles() {
        return bundles;
    }

    PeerAnnouncements announcements() {
        return announcements;
    }

    /** @return the threads of this bundle's background work */
    ExecutorService threads() {
        return threads;
    }

    /** @return whether this node trusts no publisher at all, so that no module can be installed */
    boolean trustsNobody() {
        return trust.list().isEmpty();
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
                sources.addAll(peerRepositories.holders(resource.sha256()));
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
        return imports.take(repository, progress).sentence();
    }

    /** As {@link #importRepository}, with what was taken in detail. */
    RepositoryImport.Outcome take(URI repository, InstallProgress progress) throws ModuleRefusedException {
        return imports.take(repository, progress);
    }

    @Override
    public void readPeers() {
        peerRepositories.read(InstallProgress.SILENT);
    }

    @Override
    public String readPeers(InstallProgress progress) {
        return "Read the peers' repositories: " + peerRepositories.read(progress).summary() + ".";
    }

    @Override
    public Optional<Instant> peersRead() {
        return peerRepositories.lastRead();
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
                        bundles.obtain(resource, index, InstallProgress.SILENT);
                        LOG.info("Holding {} (publisher {}) for this node and its peers", resource.describe(),
                                index.publisher().name());
                    } catch (ModuleRefusedException e) {
                        LOG.info("Cannot hold {} yet: {}", resource.describe(), e.getMessage());
                    }
                }
            }
        }
    }
}
