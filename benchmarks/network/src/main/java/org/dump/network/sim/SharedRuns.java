package org.dump.network.sim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dump.federation.internal.reconcile.VersionRuns;

/**
 * The {@link VersionRuns} of the seen sets met lately, by their digest: nodes in step hold the same set, and one copy
 * of its runs serves them all (10,000 nodes could not each keep their own). Run hashes come from one
 * {@link RunHashCache}, so a set that changed by one version is rebuilt without hashing again.
 */
final class SharedRuns {

    private static final int KEPT = 256;
    private final RunHashCache hashes = new RunHashCache();
    private final Map<Long, VersionRuns> recent = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, VersionRuns> eldest) {
            return size() > KEPT;
        }
    };

    VersionRuns of(SeenSet seen) {
        return recent.computeIfAbsent(seen.digest(), digest -> seen.runs(hashes));
    }
}
