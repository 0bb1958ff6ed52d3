package org.dump.repository.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleInstaller;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Requirement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.Resolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, updates and uninstalls modules, one change at a time. The order of every change is: choose from the
 * trusted indexes, ask the resolver, obtain and check every bundle, and only then touch the framework; whatever the
 * framework refuses is undone, so a failure leaves the node as it was.
 */
@Component(service = {ModuleInstaller.class, RepositoryInstaller.class})
public final class RepositoryInstaller implements ModuleInstaller {

    static final String POLICY_PATCH = "patch";
    static final String POLICY_MINOR = "minor";
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryInstaller.class);
    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    private final NodeRepository repository;
    private final Resolver resolver;

    @Activate
    public RepositoryInstaller(BundleContext context, @Reference NodeRepository repository,
            @Reference Resolver resolver) {
        this.context = context;
        this.repository = repository;
        this.resolver = resolver;
    }

    @Override
    public synchronized ModuleChange install(String module, String versionRange, InstallProgress progress)
            throws ModuleRefusedException {
        long began = System.nanoTime();
        VersionRange range = range(versionRange);
        Offers offers = offers();
        List<Offer> candidates = offers.of(module).stream().filter(o -> range == null || range.includes(o.version()))
                .toList();
        if (candidates.isEmpty()) {
            throw new ModuleRefusedException(offers.of(module).isEmpty()
                    ? "No trusted publisher offers a module '" + module + "' in the repositories this node holds or "
                            + "has read from its peers (dump:module-list shows what is available)"
                    : "No version of '" + module + "' in " + versionRange + "; available: " + versions(offers.of(
                            module)));
        }
        List<Bundle> running = bundlesOf(module);
        Offer chosen = candidates.get(0);
        for (Bundle bundle : running) {
            if (bundle.getVersion().getMajor() == chosen.version().getMajor()) {
                throw new ModuleRefusedException(module + " " + bundle.getVersion() + " is installed already; "
                        + "dump:module-update " + module + " takes it to a newer " + bundle.getVersion().getMajor()
                        + ".x, and a version range of another major version installs that one beside it");
            }
        }
        progress.step("resolving " + chosen.resource().describe() + " from " + chosen.index().publisher().name());
        List<IndexResource> toInstall = resolve(List.of(chosen.resource()), offers, List.of());
        Map<IndexResource, Path> files = obtain(toInstall, offers, progress);
        List<Bundle> installed = new ArrayList<>();
        try (Restarts restarts = new Restarts(context)) {
            for (Map.Entry<IndexResource, Path> file : files.entrySet()) {
                progress.step("installing " + file.getKey().describe());
                try (InputStream in = Files.newInputStream(file.getValue())) {
                    installed.add(context.installBundle(location(file.getKey()), in));
                }
            }
            for (Bundle bundle : installed) {
                progress.step("starting " + bundle.getSymbolicName() + " " + bundle.getVersion());
                bundle.start();
            }
            remember(files.keySet(), offers);
            List<String> names = installed.stream().map(RepositoryInstaller::describe).toList();
            String summary = "Installed and started " + String.join(", ", names) + " (publisher "
                    + chosen.index().publisher().name() + ") in " + (System.nanoTime() - began) / 1_000_000 + " ms";
            LOG.info("{}", summary);
            return new ModuleChange(summary, names, List.of(), List.of(), restarts.started());
        } catch (Exception e) {
            undoInstall(installed);
            throw new ModuleRefusedException("Installing " + chosen.resource().describe() + " failed, nothing was "
                    + "kept: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized ModuleChange update(String module, String policy, InstallProgress progress)
            throws ModuleRefusedException {
        if (!POLICY_MINOR.equals(policy) && !POLICY_PATCH.equals(policy)) {
            throw new ModuleRefusedException("An update policy is 'minor' or 'patch', not '" + policy + "'");
        }
        List<Bundle> running = bundlesOf(module);
        if (running.isEmpty()) {
            throw new ModuleRefusedException("Module '" + module + "' is not installed here");
        }
        List<SignedIndex> indexes = repository.holdings().indexes();
        Offers offers = new Offers(indexes);
        List<ModuleChange> changes = new ArrayList<>();
        for (Bundle bundle : running) {
            Optional<Offer> newer = newest(bundle, repository.publisherOf(bundle, indexes), offers, policy);
            if (newer.isPresent()) {
                changes.add(update(bundle, newer.get(), offers, progress));
            }
        }
        if (changes.isEmpty()) {
            return ModuleChange.none(module + " is up to date (" + running.stream()
                    .map(b -> b.getVersion().toString()).collect(Collectors.joining(", ")) + "; policy " + policy
                    + ")");
        }
        return new ModuleChange(changes.stream().map(ModuleChange::summary).collect(Collectors.joining("; ")),
                List.of(), changes.stream().flatMap(c -> c.updated().stream()).toList(), List.of(),
                changes.stream().flatMap(c -> c.restarted().stream()).distinct().toList());
    }

    /**
     * @param publisher the fingerprint of the publisher of what runs, if known
     * @return the newest version of that publisher that the policy allows, if newer than the bundle
     */
    static Optional<Offer> newest(Bundle bundle, Optional<String> publisher, Offers offers, String policy) {
        Version current = bundle.getVersion();
        return offers.all().stream()
                .filter(o -> o.resource().symbolicName().equals(bundle.getSymbolicName()))
                // An update comes from the publisher of what runs: another trusted publisher's bundle of the
                // same name is a different module as far as updates go.
                .filter(o -> publisher.isEmpty() || publisher.get().equals(o.index().fingerprint()))
                .filter(o -> o.version().compareTo(current) > 0 && o.version().getMajor() == current.getMajor())
                .filter(o -> !POLICY_PATCH.equals(policy) || o.version().getMinor() == current.getMinor())
                .max(Comparator.comparing(Offer::version));
    }

    private ModuleChange update(Bundle bundle, Offer newer, Offers offers, InstallProgress progress)
            throws ModuleRefusedException {
        String from = bundle.getSymbolicName() + " " + bundle.getVersion();
        progress.step("resolving " + newer.resource().describe() + " to replace " + bundle.getVersion());
        List<IndexResource> toInstall = resolve(List.of(newer.resource()), offers, List.of(bundle));
        Map<IndexResource, Path> files = obtain(toInstall, offers, progress);
        Path previous = previousJar(bundle, offers);
        List<Bundle> added = new ArrayList<>();
        try (Restarts restarts = new Restarts(context)) {
            try {
                for (Map.Entry<IndexResource, Path> file : files.entrySet()) {
                    if (file.getKey() == newer.resource()) {
                        continue;
                    }
                    try (InputStream in = Files.newInputStream(file.getValue())) {
                        added.add(context.installBundle(location(file.getKey()), in));
                    }
                }
                progress.step("updating " + from + " to " + newer.version());
                // Stopped first, and only for now: else the update starts it once and the refresh once more.
                bundle.stop(Bundle.STOP_TRANSIENT);
                try (InputStream in = Files.newInputStream(files.get(newer.resource()))) {
                    bundle.update(in);
                }
                refresh(List.of(bundle));
                for (Bundle library : added) {
                    library.start();
                }
                bundle.start();
                remember(files.keySet(), offers);
            } catch (Exception e) {
                rollBack(bundle, previous, added);
                throw new ModuleRefusedException(newer.resource().describe() + " did not resolve or start ("
                        + e.getMessage() + "); " + from + " is back", e);
            }
            String summary = "Updated " + from + " to " + newer.version() + " (publisher "
                    + newer.index().publisher().name() + "), restarted " + restarts.started().size() + " bundle(s): "
                    + String.join(", ", restarts.started());
            LOG.info("{}", summary);
            return new ModuleChange(summary, added.stream().map(RepositoryInstaller::describe).toList(),
                    List.of(from + " -> " + newer.version()), List.of(), restarts.started());
        }
    }

    @Override
    public synchronized ModuleChange uninstall(String module) throws ModuleRefusedException {
        List<Bundle> running = bundlesOf(module);
        if (running.isEmpty()) {
            throw new ModuleRefusedException("Module '" + module + "' is not installed here");
        }
        List<String> removed = new ArrayList<>();
        try {
            for (Bundle bundle : running) {
                String name = describe(bundle);
                bundle.uninstall();
                removed.add(name);
            }
            refresh(running);
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ModuleRefusedException("Uninstalling " + module + " failed after " + removed + ": "
                    + e.getMessage(), e);
        }
        String summary = "Uninstalled " + String.join(", ", removed) + " (its records stay in the store)";
        LOG.info("{}", summary);
        return new ModuleChange(summary, List.of(), List.of(), removed, List.of());
    }

    /** The bundles of this node that declare the module. */
    List<Bundle> bundlesOf(String module) {
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision != null && revision.getDeclaredCapabilities(IndexResource.MODULE_NAMESPACE).stream()
                    .anyMatch(c -> module.equals(c.getAttributes().get(IndexResource.MODULE_NAMESPACE)))) {
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    private List<IndexResource> resolve(List<IndexResource> mandatory, Offers offers, Collection<Bundle> replaced)
            throws ModuleRefusedException {
        try {
            return new ModuleResolution(context, mandatory, offers.all().stream().map(Offer::resource).toList(),
                    replaced).resolve(resolver);
        } catch (ResolutionException e) {
            Collection<Requirement> missing = e.getUnresolvedRequirements();
            String what = missing == null || missing.isEmpty() ? e.getMessage()
                    : missing.stream().map(ModuleResolution::describe).distinct().collect(Collectors.joining(", "));
            throw new ModuleRefusedException(mandatory.get(0).describe() + " cannot run on this node: it needs "
                    + what + ", which neither this node nor the trusted repositories provide", e);
        }
    }

    private Map<IndexResource, Path> obtain(List<IndexResource> resources, Offers offers, InstallProgress progress)
            throws ModuleRefusedException {
        Map<IndexResource, Path> files = new LinkedHashMap<>();
        for (IndexResource resource : resources) {
            files.put(resource, repository.obtain(resource, offers.indexOf(resource), progress));
        }
        return files;
    }

    private void remember(Collection<IndexResource> installed, Offers offers) throws java.io.IOException {
        for (IndexResource resource : installed) {
            repository.holdings().remember(resource, offers.indexOf(resource));
        }
    }

    /** @return the held jar of the version that runs now, to come back to if the update fails */
    private Path previousJar(Bundle bundle, Offers offers) throws ModuleRefusedException {
        Optional<Path> installed = repository.holdings().provenance(bundle.getSymbolicName(),
                bundle.getVersion().toString()).flatMap(p -> repository.holdings().bundle(p.sha256()));
        if (installed.isPresent()) {
            return installed.get();
        }
        for (Offer offer : offers.all()) {
            if (offer.resource().symbolicName().equals(bundle.getSymbolicName())
                    && offer.version().equals(bundle.getVersion())) {
                Optional<Path> held = repository.holdings().bundle(offer.resource().sha256());
                if (held.isPresent()) {
                    return held.get();
                }
            }
        }
        throw new ModuleRefusedException(bundle.getSymbolicName() + " " + bundle.getVersion() + " was not "
                + "installed from a signed repository this node holds, so it could not be brought back if the update "
                + "failed; update refused (install the module with dump:module-install)");
    }

    private void rollBack(Bundle bundle, Path previous, List<Bundle> added) {
        try (InputStream in = Files.newInputStream(previous)) {
            bundle.update(in);
            undoInstall(added);
            refresh(List.of(bundle));
            bundle.start();
            LOG.warn("Rolled back to {} {}", bundle.getSymbolicName(), bundle.getVersion());
        } catch (Exception e) {
            LOG.error("Could not bring back {} {}: {}", bundle.getSymbolicName(), previous, e.getMessage(), e);
        }
    }

    private void undoInstall(List<Bundle> installed) {
        for (Bundle bundle : installed) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Could not uninstall {} after a failed install: {}", bundle, e.getMessage());
            }
        }
    }

    /** Refreshes the bundles and, as the framework decides, only what is wired to them; waits until done. */
    private void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("The refresh of {} took longer than {} s", bundles, REFRESH_TIMEOUT_SECONDS);
        }
    }

    private Offers offers() {
        return new Offers(repository.holdings().indexes());
    }

    private static VersionRange range(String versionRange) throws ModuleRefusedException {
        if (versionRange == null || versionRange.isBlank()) {
            return null;
        }
        try {
            return VersionRange.valueOf(versionRange.strip());
        } catch (IllegalArgumentException e) {
            throw new ModuleRefusedException("Not a version range: " + versionRange + " (e.g. [2.0,3) or 1.1)");
        }
    }

    /** Where a repository bundle is installed from, as the framework records it; one per name and major version. */
    static String location(IndexResource resource) {
        return NodeRepository.LOCATION_PREFIX + resource.symbolicName() + "/" + resource.version().getMajor();
    }

    private static String versions(List<Offer> offers) {
        return offers.stream().map(o -> o.version().toString()).collect(Collectors.joining(", "));
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    /** One bundle version of a trusted index. */
    record Offer(IndexResource resource, SignedIndex index) {
        Version version() {
            return resource.version();
        }
    }

    /** Every bundle version of the trusted indexes held, newest first. */
    record Offers(List<Offer> all) {

        Offers(Collection<SignedIndex> indexes) {
            this(indexes.stream().flatMap(i -> i.index().resources().stream().map(r -> new Offer(r, i)))
                    .sorted(Comparator.comparing(Offer::version).reversed()).toList());
        }

        List<Offer> of(String module) {
            return all.stream().filter(o -> module.equals(o.resource().module())).toList();
        }

        SignedIndex indexOf(IndexResource resource) {
            return all.stream().filter(o -> o.resource() == resource).findFirst().map(Offer::index).orElseThrow();
        }
    }

    /** Records which bundles started while a change was made: those the change restarted. */
    private static final class Restarts implements AutoCloseable {

        private final BundleContext context;
        private final List<String> started = new ArrayList<>();
        private final SynchronousBundleListener listener;

        Restarts(BundleContext context) {
            this.context = context;
            this.listener = event -> {
                if (event.getType() == BundleEvent.STARTED) {
                    synchronized (started) {
                        started.add(describe(event.getBundle()));
                    }
                }
            };
            context.addBundleListener(listener);
        }

        List<String> started() {
            synchronized (started) {
                return started.stream().distinct().toList();
            }
        }

        @Override
        public void close() {
            context.removeBundleListener(listener);
        }
    }
}
