package org.dump.node.internal.module;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the bundles of the framework and keeps the started ones that declare a module. A module id belongs to
 * the first bundle that runs it; another bundle claiming the same id is refused and logged, so that no bundle can
 * read another module's records by taking its name.
 */
@Component(service = ModuleRegistry.class, immediate = true)
public final class BundleModuleRegistry implements ModuleRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(BundleModuleRegistry.class);
    private static final int RUNNING = Bundle.STARTING | Bundle.ACTIVE;

    /** Running modules by id. */
    private final Map<String, RunningModule> modules = new ConcurrentHashMap<>();
    /** The same, by bundle id: {@link #moduleOf} is asked on every request and every record change. */
    private final Map<Long, RunningModule> byBundle = new ConcurrentHashMap<>();
    private final BundleTracker<RunningModule> tracker;

    @Activate
    public BundleModuleRegistry(BundleContext context) {
        tracker = new BundleTracker<>(context, RUNNING, new Customizer());
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    @Override
    public List<RunningModule> running() {
        return modules.values().stream().sorted(Comparator.comparing(RunningModule::id)).toList();
    }

    @Override
    public Optional<RunningModule> find(String id) {
        return Optional.ofNullable(modules.get(id));
    }

    @Override
    public Optional<RunningModule> moduleOf(Bundle bundle) {
        if ((bundle.getState() & RUNNING) == 0) {
            return Optional.empty();
        }
        RunningModule known = byBundle.get(bundle.getBundleId());
        if (known != null) {
            return Optional.of(known);
        }
        // The tracker and the bundle's own components hear of its start in no fixed order: register it here if
        // the tracker has not done so yet.
        return Optional.ofNullable(claim(bundle));
    }

    /** @return the bundle's module if it declares one and may run it, after registering it */
    private RunningModule claim(Bundle bundle) {
        Optional<RunningModule> declared;
        try {
            declared = ModuleDeclaration.of(bundle);
        } catch (IllegalArgumentException e) {
            LOG.warn("Bundle {} is not run as a module: {}", bundle.getBundleId(), e.getMessage());
            return null;
        }
        if (declared.isEmpty()) {
            return null;
        }
        RunningModule module = declared.get();
        RunningModule owner = modules.compute(module.id(),
                (id, present) -> present == null || present.bundleId() == module.bundleId() ? module : present);
        if (owner.bundleId() != module.bundleId()) {
            LOG.warn("Bundle {} ({}) declares module '{}', which bundle {} ({}) already runs: refused",
                    bundle.getBundleId(), bundle.getSymbolicName(), module.id(), owner.bundleId(),
                    owner.symbolicName());
            return null;
        }
        byBundle.put(module.bundleId(), module);
        return module;
    }

    private final class Customizer implements BundleTrackerCustomizer<RunningModule> {

        @Override
        public RunningModule addingBundle(Bundle bundle, BundleEvent event) {
            RunningModule module = claim(bundle);
            if (module != null) {
                LOG.info("Module {} (data version {}) runs from bundle {} {}", module.id(), module.dataVersion(),
                        module.symbolicName(), module.bundleVersion());
            }
            return module;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, RunningModule module) {
            // STARTING to ACTIVE: still the same module.
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, RunningModule module) {
            byBundle.remove(module.bundleId(), module);
            if (modules.remove(module.id(), module)) {
                LOG.info("Module {} stopped (bundle {})", module.id(), module.symbolicName());
            }
        }
    }
}
