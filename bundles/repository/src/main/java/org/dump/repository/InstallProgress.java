package org.dump.repository;

/** Where an install or update tells how far it is. */
@FunctionalInterface
public interface InstallProgress {

    /** Reports nothing. */
    InstallProgress SILENT = step -> {
    };

    /** A step begins or ends, e.g. {@code verifying org.dump.module.market 1.1.0}. */
    void step(String step);

    /** Part of a download arrived; {@code total} is -1 when unknown. */
    default void downloaded(String what, long bytes, long total) {
    }
}
