package org.dump.network.sim;

import java.util.HashMap;
import java.util.Map;

import org.dump.federation.internal.reconcile.Run;
import org.dump.federation.internal.reconcile.VersionRuns;

/**
 * The hashes of runs, computed once for the whole network: nodes in step hold the same runs, and a node builds its
 * {@link VersionRuns} again after every change. The hashes are {@link VersionRuns#COMPUTED}'s, so fingerprints are
 * those a node computes.
 */
final class RunHashCache implements VersionRuns.RunHashes {

    private static final int MOST = 2_000_000;
    private final Map<Run, long[]> hashes = new HashMap<>();

    @Override
    public long[] of(Run run) {
        long[] hash = hashes.get(run);
        if (hash == null) {
            if (hashes.size() >= MOST) {
                hashes.clear(); // runs of the past are rarely asked for again
            }
            hash = VersionRuns.COMPUTED.of(run);
            hashes.put(run, hash);
        }
        return hash;
    }
}
