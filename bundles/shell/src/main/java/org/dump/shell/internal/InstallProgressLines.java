package org.dump.shell.internal;

import org.dump.repository.InstallProgress;

/** Shows an install's steps one per line, and a download's progress at every quarter. */
final class InstallProgressLines implements InstallProgress {

    private long lastQuarter = -1;

    @Override
    public void step(String step) {
        lastQuarter = -1;
        System.out.println("  " + step);
    }

    @Override
    public void downloaded(String what, long bytes, long total) {
        if (total <= 0) {
            return;
        }
        long quarter = bytes * 4 / total;
        if (quarter != lastQuarter) {
            lastQuarter = quarter;
            System.out.println("  " + what + ": " + bytes * 100 / total + "% of " + total + " bytes");
        }
    }
}
