package org.dump.backup.internal;

/**
 * A column of a table, by its name in upper case (as Derby reports it; PostgreSQL reports unquoted names in lower
 * case) and its type in the backup.
 */
record Column(String name, ColumnType type) {
}
