package org.dump.repository.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Requirement;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.Resolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps that installs and updates share, in their order: ask the resolver what the change needs, obtain and
 * check every bundle, and only then touch the framework; remember where what was installed came from; refresh
 * only what the framework says must be; undo what a failed change installed.
 */
final class InstallSteps {

    private static final Logger LOG = LoggerFactory.getLogger(InstallSteps.class);
    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    private final NodeRepository repository;
    private final Resolver resolver;

    InstallSteps(BundleContext context, NodeRepository repository, Resolver resolver) {
        this.context = context;
        this.repository = repository;
        this.resolver = resolver;
    }

    BundleContext context() {
        return context;
    }

    NodeRepository repository() {
        return repository;
    }

    /** @return what the trusted indexes held offer now */
    Offers offers() {
        return new Offers(repository.holdings().indexes());
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

    /**
     * @return the repository bundles to install so that the mandatory ones resolve, mandatory ones included; none of
     *         them names the node's own code ({@link ModuleImportCheck})
     */
    List<IndexResource> resolve(List<IndexResource> mandatory, Offers offers, Collection<Bundle> replaced)
            throws ModuleRefusedException {
        for (IndexResource resource : mandatory) {
            ModuleImportCheck.check(resource);
        }
        try {
            List<IndexResource> resolved = new ModuleResolution(context, mandatory, offers.all().stream()
                    .map(Offers.Offer::resource).toList(), replaced).resolve(resolver);
            for (IndexResource resource : resolved) {
                ModuleImportCheck.check(resource);
            }
            return resolved;
        } catch (ResolutionException e) {
            Collection<Requirement> missing = e.getUnresolvedRequirements();
            String what = missing == null || missing.isEmpty() ? e.getMessage()
                    : missing.stream().map(ModuleResolution::describe).distinct().collect(Collectors.joining(", "));
            throw new ModuleRefusedException(mandatory.get(0).describe() + " cannot run on this node: it needs "
                    + what + ", which neither this node nor the trusted repositories provide", e);
        }
    }

    /**
     * @return each bundle's held file, in the order given, checked ({@link BundleCheck}) and holding no import of the
     *         node's own code in its manifest, which is what the framework will read ({@link ModuleImportCheck})
     */
    Map<IndexResource, Path> obtain(List<IndexResource> resources, Offers offers, InstallProgress progress)
            throws ModuleRefusedException {
        Map<IndexResource, Path> files = new LinkedHashMap<>();
        for (IndexResource resource : resources) {
            Path file = repository.bundles().obtain(resource, offers.indexOf(resource), progress);
            ModuleImportCheck.check(file, resource.describe());
            files.put(resource, file);
        }
        return files;
    }

    void remember(Collection<IndexResource> installed, Offers offers) throws IOException {
        for (IndexResource resource : installed) {
            repository.holdings().remember(resource, offers.indexOf(resource));
        }
    }

    void undoInstall(List<Bundle> installed) {
        for (Bundle bundle : installed) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Could not uninstall {} after a failed install: {}", bundle, e.getMessage());
            }
        }
    }

    /** Refreshes the bundles and, as the framework decides, only what is wired to them; waits until done. */
    void refresh(Collection<Bundle> bundles) throws InterruptedException {
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

    /** Where a repository bundle is installed from, as the framework records it; one per name and major version. */
    static String location(IndexResource resource) {
        return NodeRepository.LOCATION_PREFIX + resource.symbolicName() + "/" + resource.version().getMajor();
    }

    static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
