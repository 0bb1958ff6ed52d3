package org.dump.node.record;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every record version this node wrote itself, right after it is committed: how federation learns what
 * to push. Register it as an OSGi service. It is called on the store's writer thread, so it must only hand the
 * records on (to a queue) and return.
 */
@ConsumerType
public interface RecordFeed {

    void written(List<SignedRecord> records);
}
