package org.dump.backup.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dump.backup.BackupException;
import org.dump.backup.BackupSummary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The table of contents of a backup file ({@value BackupLayout#MANIFEST}): format and version, the node, the DUMP
 * version and database it came from, every table with its columns and rows, and the size and SHA-256 of every other
 * entry.
 */
record Manifest(String nodeId, String dumpVersion, String database, String createdAt, List<TableRows> tables,
        Map<String, EntryDigest> entries, List<String> modules) {

    /** A table and how many rows its entry holds. */
    record TableRows(Table table, long rows) {
    }

    /** An entry's size in bytes and SHA-256 (hex). */
    record EntryDigest(long size, String sha256) {
    }

    Manifest {
        tables = List.copyOf(tables);
        entries = Map.copyOf(entries);
        modules = List.copyOf(modules);
    }

    BackupSummary summary(long bytes) {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.table().name(), t.rows()));
        List<String> etc = entries.keySet().stream().filter(e -> e.startsWith(BackupLayout.ETC))
                .map(e -> e.substring(BackupLayout.ETC.length())).sorted().toList();
        return new BackupSummary(nodeId, dumpVersion, database, createdAt, rows, etc, modules, bytes);
    }

    byte[] toJson(ObjectMapper mapper) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", BackupLayout.FORMAT).put("formatVersion", BackupLayout.FORMAT_VERSION)
                .put("nodeId", nodeId).put("dumpVersion", dumpVersion).put("database", database)
                .put("createdAt", createdAt);
        ArrayNode tableArray = root.putArray("tables");
        for (TableRows each : tables) {
            ObjectNode table = tableArray.addObject().put("name", each.table().name()).put("rows", each.rows());
            ArrayNode columns = table.putArray("columns");
            each.table().columns().forEach(c -> columns.addObject().put("name", c.name()).put("type", c.type().name()));
        }
        ObjectNode entryObject = root.putObject("entries");
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> entryObject.putObject(e.getKey())
                .put("size", e.getValue().size()).put("sha256", e.getValue().sha256()));
        modules.forEach(root.putArray("modules")::add);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** @throws BackupException if the manifest is not one of a backup of a format this node reads */
    static Manifest fromJson(JsonNode root) throws BackupException {
        if (!BackupLayout.FORMAT.equals(root.path("format").asText())) {
            throw new BackupException("it is not a DUMP backup (its manifest names no format " + BackupLayout.FORMAT
                    + ")");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version < 1 || version > BackupLayout.FORMAT_VERSION) {
            throw new BackupException("it is in backup format version " + version + "; this node reads versions 1 to "
                    + BackupLayout.FORMAT_VERSION + " (restore it with a newer DUMP)");
        }
        List<TableRows> tables = new ArrayList<>();
        for (JsonNode table : root.path("tables")) {
            List<Column> columns = new ArrayList<>();
            for (JsonNode column : table.path("columns")) {
                columns.add(new Column(text(column, "name"), columnType(column)));
            }
            String name = text(table, "name");
            if (!name.startsWith(Table.PREFIX) || !BackupLayout.isSafe(name)) {
                throw new BackupException("its manifest names a table '" + name + "' that is none of a node's");
            }
            tables.add(new TableRows(new Table(name, columns), table.path("rows").asLong(-1)));
        }
        Map<String, EntryDigest> entries = new LinkedHashMap<>();
        root.path("entries").fields().forEachRemaining(e -> entries.put(e.getKey(),
                new EntryDigest(e.getValue().path("size").asLong(-1), e.getValue().path("sha256").asText())));
        List<String> modules = new ArrayList<>();
        root.path("modules").forEach(m -> modules.add(m.asText()));
        return new Manifest(text(root, "nodeId"), text(root, "dumpVersion"), text(root, "database"),
                text(root, "createdAt"), tables, entries, modules);
    }

    private static String text(JsonNode node, String field) throws BackupException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new BackupException("its manifest lacks " + field);
        }
        return value.asText();
    }

    private static ColumnType columnType(JsonNode column) throws BackupException {
        try {
            return ColumnType.valueOf(text(column, "type"));
        } catch (IllegalArgumentException e) {
            throw new BackupException("its manifest names an unknown column type " + column.path("type").asText());
        }
    }
}
