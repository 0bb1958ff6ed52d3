/**
 * The record store: where a module keeps its data. Every record is signed by the node that wrote it (its origin)
 * and reaches every node that runs the same module. The node registers one {@link org.dump.api.record.RecordStore}
 * per module bundle, so a module only ever sees and changes its own records.
 *
 * <p>2.0: {@link org.dump.api.record.AuthorReference} moved here from {@code org.dump.api.author} (the two packages
 * needed each other); a record type follows {@link org.dump.api.module.ModuleNamespace#ID_PATTERN}, the one pattern
 * of the API's names, instead of a copy of it; {@link org.dump.api.record.RecordFilter#MAX_SEARCH_TEXT} bounds a
 * search's text.
 */
@Export
@Version("2.0.0")
package org.dump.api.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
