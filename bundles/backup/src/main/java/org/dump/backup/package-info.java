/**
 * Backup and restore of a whole node: its database, read row by row in one consistent transaction and written in a
 * database-independent form, its key (its identity) and its {@code etc/} files, in one file readable only by its
 * owner. The {@code dump:backup} and {@code dump:restore} commands are its users.
 */
@Export
@Version("1.0.0")
package org.dump.backup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
