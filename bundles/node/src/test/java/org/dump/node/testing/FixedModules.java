package org.dump.node.testing;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.framework.Bundle;

/** The modules a node runs, for tests and benchmarks without OSGi: a fixed list, or whatever a supplier says now. */
public final class FixedModules implements ModuleRegistry {

    private final Supplier<List<RunningModule>> running;

    public FixedModules(Supplier<List<RunningModule>> running) {
        this.running = running;
    }

    public static FixedModules of(RunningModule... modules) {
        List<RunningModule> list = List.of(modules);
        return new FixedModules(() -> list);
    }

    @Override
    public List<RunningModule> running() {
        return running.get();
    }

    @Override
    public Optional<RunningModule> find(String id) {
        return running().stream().filter(module -> module.id().equals(id)).findFirst();
    }

    /** No bundle is a module's here. */
    @Override
    public Optional<RunningModule> moduleOf(Bundle bundle) {
        return Optional.empty();
    }
}
