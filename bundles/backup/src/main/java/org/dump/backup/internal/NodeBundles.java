package org.dump.backup.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.dump.backup.BackupException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The node's own bundles (platform and modules), stopped while a restore replaces what they hold in memory and on
 * disk: their caches, their key, their configuration. Stopped transiently, so they start again with the node.
 */
interface NodeBundles {

    /** @return descriptions of the bundles stopped */
    List<String> stop() throws BackupException;

    /** Starts again what {@link #stop} stopped, after a restore that changed nothing. */
    void startAgain();

    /** For tests and tools outside OSGi: nothing to stop. */
    NodeBundles NONE = new NodeBundles() {
        @Override
        public List<String> stop() {
            return List.of();
        }

        @Override
        public void startAgain() {
        }
    };

    /** The bundles named {@code org.dump.*} but this one and the shell, which runs the command. */
    static NodeBundles of(BundleContext context) {
        return new NodeBundles() {
            private final List<Bundle> stopped = new ArrayList<>();

            @Override
            public List<String> stop() throws BackupException {
                List<Bundle> active = Stream.of(context.getBundles()).filter(this::isNodeBundle)
                        .filter(b -> b.getState() == Bundle.ACTIVE)
                        .sorted(Comparator.comparingLong(Bundle::getBundleId).reversed()).toList();
                List<String> names = new ArrayList<>();
                for (Bundle bundle : active) {
                    try {
                        bundle.stop(Bundle.STOP_TRANSIENT);
                        stopped.add(bundle);
                        names.add(bundle.getSymbolicName() + " " + bundle.getVersion());
                    } catch (BundleException e) {
                        startAgain();
                        throw new BackupException("cannot stop " + bundle.getSymbolicName() + " for the restore: "
                                + e.getMessage(), e);
                    }
                }
                return names;
            }

            @Override
            public void startAgain() {
                for (int i = stopped.size() - 1; i >= 0; i--) {
                    Bundle bundle = stopped.get(i);
                    try {
                        bundle.start(Bundle.START_TRANSIENT);
                    } catch (BundleException e) {
                        // the node's restart starts it; the restore's own failure is what is reported
                    }
                }
                stopped.clear();
            }

            private boolean isNodeBundle(Bundle bundle) {
                String name = bundle.getSymbolicName();
                return name != null && name.startsWith("org.dump.") && !name.equals("org.dump.shell")
                        && bundle.getBundleId() != context.getBundle().getBundleId();
            }
        };
    }
}
