package org.dump.api.record;

import java.util.Objects;

/**
 * A committed change to a record.
 *
 * @param kind   what happened
 * @param record the record after the change; for a delete, the record as it was before
 * @param local  true if this node made the change, false if it came from another node
 */
public record RecordChange(Kind kind, ModuleRecord record, boolean local) {

    /** What happened to a record. */
    public enum Kind {
        CREATED, UPDATED, DELETED
    }

    public RecordChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(record, "record");
    }
}
