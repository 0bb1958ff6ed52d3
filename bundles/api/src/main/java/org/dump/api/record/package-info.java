/**
 * The record store: where a module keeps its data. Every record is signed by the node that wrote it (its origin)
 * and reaches every node that runs the same module. The node registers one {@link org.dump.api.record.RecordStore}
 * per module bundle, so a module only ever sees and changes its own records.
 */
@Export
@Version("1.2.0")
package org.dump.api.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
