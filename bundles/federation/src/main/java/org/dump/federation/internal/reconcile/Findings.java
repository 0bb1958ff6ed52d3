package org.dump.federation.internal.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * What one reconciliation found, from this node's side: the versions it holds that the peer lacks (to push), and the
 * versions the peer says it holds that this node lacks (to ask for). Kept up to a number of runs; past that the
 * findings are incomplete, and the next round goes on.
 */
public final class Findings {

    private final int maxRuns;
    private final List<Run> theyLack = new ArrayList<>();
    private final List<Run> weLack = new ArrayList<>();
    private boolean complete = true;

    Findings(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** Adds what was found in one range. */
    void add(List<Run> peerLacks, List<Run> thisLacks) {
        if (theyLack.size() + weLack.size() + peerLacks.size() + thisLacks.size() > maxRuns) {
            complete = false;
            return;
        }
        theyLack.addAll(peerLacks);
        weLack.addAll(thisLacks);
    }

    /** Marks the findings as incomplete: the reconciliation stopped before every range was settled. */
    void unfinished() {
        complete = false;
    }

    /** @return the versions this node holds that the peer lacks, canonical */
    public List<Run> theyLack() {
        return RunLists.canonical(theyLack);
    }

    /** @return the versions the peer says it holds and this node lacks, canonical */
    public List<Run> weLack() {
        return RunLists.canonical(weLack);
    }

    /** @return whether every range was settled and every difference kept */
    public boolean complete() {
        return complete;
    }
}
