package org.dump.repository.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleInstaller;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.resolver.Resolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, updates ({@link ModuleUpdates}) and uninstalls modules, one change at a time. An install chooses from
 * the trusted indexes ({@link InstallOffers}: the peers' repositories are read first when what this node holds does
 * not do), asks the resolver, obtains and checks every bundle, and only then touches the framework; whatever the
 * framework refuses is undone, so a failure leaves the node as it was.
 */
@Component(service = {ModuleInstaller.class, RepositoryInstaller.class})
public final class RepositoryInstaller implements ModuleInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryInstaller.class);

    private final InstallSteps steps;
    private final ModuleUpdates updates;
    private final InstallOffers offers;
    private final ShippedRepository shipped;
    private final NodeRepository repository;

    @Activate
    public RepositoryInstaller(BundleContext context, @Reference NodeRepository repository,
            @Reference Resolver resolver, @Reference ShippedRepository shipped) {
        this.steps = new InstallSteps(context, repository, resolver);
        this.updates = new ModuleUpdates(steps);
        this.offers = new InstallOffers(steps, repository.peerRepositories(), repository.announcements());
        this.shipped = shipped;
        this.repository = repository;
    }

    @Override
    public synchronized ModuleChange install(String module, String versionRange, InstallProgress progress)
            throws ModuleRefusedException {
        long began = System.nanoTime();
        VersionRange range = range(versionRange);
        shipped.await(progress);
        InstallOffers.Choice choice = offers.choose(module, range, progress);
        Offers available = choice.offers();
        List<Offers.Offer> candidates = available.of(module, range);
        if (candidates.isEmpty()) {
            throw InstallOffers.nothingFits(module, versionRange, choice, repository.trustsNobody());
        }
        Offers.Offer chosen = candidates.get(0);
        for (Bundle bundle : steps.bundlesOf(module)) {
            if (bundle.getVersion().getMajor() == chosen.version().getMajor()) {
                throw new ModuleRefusedException(module + " " + bundle.getVersion() + " is installed already; "
                        + "dump:module-update " + module + " takes it to a newer " + bundle.getVersion().getMajor()
                        + ".x, and a version range of another major version installs that one beside it");
            }
        }
        progress.step("resolving " + chosen.resource().describe() + " from " + chosen.index().publisher().name());
        List<IndexResource> toInstall = steps.resolve(List.of(chosen.resource()), available, List.of());
        Map<IndexResource, Path> files = steps.obtain(toInstall, available, progress);
        List<Bundle> installed = new ArrayList<>();
        try (Restarts restarts = new Restarts(steps.context())) {
            for (Map.Entry<IndexResource, Path> file : files.entrySet()) {
                progress.step("installing " + file.getKey().describe());
                try (InputStream in = Files.newInputStream(file.getValue())) {
                    installed.add(steps.context().installBundle(InstallSteps.location(file.getKey()), in));
                }
            }
            for (Bundle bundle : installed) {
                progress.step("starting " + InstallSteps.describe(bundle));
                bundle.start();
            }
            steps.remember(files.keySet(), available);
            List<String> names = installed.stream().map(InstallSteps::describe).toList();
            String summary = "Installed and started " + String.join(", ", names) + " (publisher "
                    + chosen.index().publisher().name() + ") in " + (System.nanoTime() - began) / 1_000_000 + " ms";
            LOG.info("{}", summary);
            return new ModuleChange(summary, names, List.of(), List.of(), restarts.started());
        } catch (Exception e) {
            steps.undoInstall(installed);
            throw new ModuleRefusedException("Installing " + chosen.resource().describe() + " failed, nothing was "
                    + "kept: " + RepositoryHttp.reason(e), e);
        }
    }

    @Override
    public synchronized ModuleChange update(String module, String policy, InstallProgress progress)
            throws ModuleRefusedException {
        return updates.update(module, policy, progress);
    }

    @Override
    public synchronized ModuleChange uninstall(String module) throws ModuleRefusedException {
        List<Bundle> running = steps.bundlesOf(module);
        if (running.isEmpty()) {
            throw new ModuleRefusedException("Module '" + module + "' is not installed here");
        }
        List<String> removed = new ArrayList<>();
        try {
            for (Bundle bundle : running) {
                String name = InstallSteps.describe(bundle);
                bundle.uninstall();
                removed.add(name);
            }
            steps.refresh(running);
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ModuleRefusedException("Uninstalling " + module + " failed after " + removed + ": "
                    + RepositoryHttp.reason(e), e);
        }
        String summary = "Uninstalled " + String.join(", ", removed) + " (its records stay in the store)";
        LOG.info("{}", summary);
        return new ModuleChange(summary, List.of(), List.of(), removed, List.of());
    }

    /** The bundles of this node that declare the module. */
    List<Bundle> bundlesOf(String module) {
        return steps.bundlesOf(module);
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
}
