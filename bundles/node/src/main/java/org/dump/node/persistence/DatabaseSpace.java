package org.dump.node.persistence;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether the node's database has disk space to write, as far as the node can tell. Writes report to it how they
 * ended; once one ran out of space, writes are refused at once, without touching the database, until there is room
 * again: then they are taken again by themselves, no restart needed. The node logs one line when its database runs
 * out of space and one when it has room again, however many writes are refused in between.
 */
@ProviderType
public interface DatabaseSpace {

    /** Knows nothing of disk space: writes always try, failures are thrown as they come (tests, tools). */
    DatabaseSpace UNWATCHED = new DatabaseSpace() {
        @Override
        public void checkWritable() {
            // never refuses
        }

        @Override
        public void wrote() {
            // nothing to end
        }

        @Override
        public RuntimeException failed(RuntimeException failure, boolean writing) {
            return failure;
        }
    };

    /**
     * Called before a write.
     *
     * @throws StorageFullException at once while the database is out of space and there is no room yet
     */
    void checkWritable();

    /** Called after a write committed: the database has room (again). */
    void wrote();

    /**
     * Called with what a unit of work threw.
     *
     * @param writing whether the work was a write (else a read)
     * @return with {@code failure} as its cause, a {@link StorageFullException} if a lack of disk space caused it
     *         (the first of a run is logged), a {@link DatabaseUnavailableException} if the database closed the
     *         work's connection (shut down, restarted); else {@code failure} itself. The caller throws what this
     *         returns
     */
    RuntimeException failed(RuntimeException failure, boolean writing);
}
