package org.dump.api.record;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about changes to its module's records. A module registers it as an OSGi service (whiteboard); the node
 * calls it for that module's records only, after the change is committed, on a node thread, one change at a time
 * in the order they were committed. A listener that throws is logged and keeps receiving changes.
 */
@ConsumerType
public interface RecordListener {

    void recordChanged(RecordChange change);
}
