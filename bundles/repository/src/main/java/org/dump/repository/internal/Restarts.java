package org.dump.repository.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/** Records which bundles started while a change was made: those the change restarted. */
final class Restarts implements AutoCloseable {

    private final BundleContext context;
    private final List<String> started = new ArrayList<>();
    private final SynchronousBundleListener listener;

    Restarts(BundleContext context) {
        this.context = context;
        this.listener = event -> {
            if (event.getType() == BundleEvent.STARTED) {
                synchronized (started) {
                    started.add(InstallSteps.describe(event.getBundle()));
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
