package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;


import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;
import org.dump.node.record.SignedRecord;

/**
 * Turns a {@link RecordQuery} into SQL over DUMP_RECORD and DUMP_RECORD_FIELD. A filter on a number is an EXISTS
 * on the field rows, answered from their index; ordering by a number joins its row. A filter on text is a LIKE on
 * the record's text index, which holds all its strings: that finds every record that can match, and
 * {@link #matches} then checks the named fields in the payload. Standard SQL (OFFSET/FETCH) read by JDBC, so the
 * same query runs on Derby and PostgreSQL; Derby's optimizer hints are comments to other databases.
 */
final class RecordQueries {

    /** The columns {@link RecordEntity#fromRow} reads, of the table named {@code r}. */
    private static final String COLUMNS = Arrays.stream(RecordEntity.COLUMNS.split(", ")).map(c -> "r." + c)
            .collect(Collectors.joining(", "));

    private RecordQueries() {
    }

    /** @return whether the query has filters that {@link #matches} must check after SQL */
    static boolean needsRecheck(RecordQuery query) {
        return query.filters().stream().anyMatch(RecordQueries::isText);
    }

    /** @return whether the payload of a record that SQL found satisfies every text filter of {@code query} */
    static boolean matches(RecordQuery query, Map<String, Object> payload) {
        for (RecordFilter filter : query.filters()) {
            if (filter.kind() == RecordFilter.Kind.TEXT_CONTAINS) {
                String wanted = PayloadJson.searchable(filter.text());
                if (filter.fields().stream().noneMatch(f -> payload.get(f) instanceof String s
                        && PayloadJson.searchable(s).contains(wanted))) {
                    return false;
                }
            } else if (filter.kind() == RecordFilter.Kind.TEXT_EQUALS) {
                if (!(payload.get(filter.fields().get(0)) instanceof String s) || !s.equalsIgnoreCase(filter.text())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return records [{@code first}, {@code first + max}) of those SQL finds, in order: in the newest-first order
     *         and the orders by a number, read along an index ({@link RecordIndexes}) and never sorted, so a page
     *         costs about the same however many records the module holds. Records without the number come after
     *         those with it, newest first.
     */
    static List<SignedRecord> rows(Connection connection, String module, RecordQuery query, int first, int max)
            throws SQLException {
        RecordQuery.Order order = query.order();
        if (order.key() != RecordQuery.Order.Key.NUMBER_FIELD) {
            Select select = new Select(FROM_RECORDS + (order.equals(RecordQuery.Order.newestFirst())
                    ? RecordIndexes.hint(RecordIndexes.NEWEST_FIRST) : " ")).where(module, query);
            String direction = order.descending() ? " DESC" : " ASC";
            String column = order.key() == RecordQuery.Order.Key.CREATED ? "r.CREATED_MILLIS" : "r.UPDATED_MILLIS";
            return select.read(connection, " ORDER BY " + column + direction + ", r.SEQ" + direction + ", r.ID"
                    + direction, first, max);
        }
        String direction = order.descending() ? " DESC" : " ASC";
        Select withField = new Select(" FROM --DERBY-PROPERTIES joinOrder=FIXED\n DUMP_RECORD_FIELD s"
                + RecordIndexes.hint(order.descending() ? RecordIndexes.NUMBER_DESCENDING : RecordIndexes.NUMBER_ASCENDING)
                + ", DUMP_RECORD r --DERBY-PROPERTIES joinStrategy=NESTEDLOOP\n")
                .and(" s.NAME = ? AND s.RECORD_ID = r.ID", order.field()).where(module, query);
        List<SignedRecord> rows = withField.read(connection,
                " ORDER BY s.NUMBER_VALUE" + direction + ", s.RECORD_ID" + direction, first, max);
        if (rows.size() == max) {
            return rows;
        }
        // Past the last record with the number: those without it follow. Counting those with it is needed only
        // when this page holds none of them.
        long before = rows.isEmpty() ? withField.count(connection) : first + rows.size();
        Select without = new Select(FROM_RECORDS + RecordIndexes.hint(RecordIndexes.NEWEST_FIRST)).where(module, query)
                .and(" NOT EXISTS (SELECT f.NAME FROM DUMP_RECORD_FIELD f WHERE f.RECORD_ID = r.ID AND f.NAME = ?)",
                        order.field());
        List<SignedRecord> all = new ArrayList<>(rows);
        all.addAll(without.read(connection, " ORDER BY r.CREATED_MILLIS DESC, r.SEQ DESC, r.ID DESC",
                (int) Math.max(0, first - before), max - rows.size()));
        return all;
    }

    private static final String FROM_RECORDS = " FROM DUMP_RECORD r";

    /** A SELECT of records being put together: its FROM, its conditions and their parameters. */
    private static final class Select {

        private final String from;
        private final StringBuilder where = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Select(String from) {
            this.from = from;
        }

        Select and(String condition, Object... values) {
            where.append(where.length() == 0 ? " WHERE" : " AND").append(condition);
            parameters.addAll(List.of(values));
            return this;
        }

        /** Adds the module, type and filters of {@code query}. */
        Select where(String module, RecordQuery query) {
            and(" r.MODULE = ? AND r.TYPE = ? AND r.DELETED = ?", module, query.type(), Boolean.FALSE);
            for (RecordFilter filter : query.filters()) {
                switch (filter.kind()) {
                    case AUTHOR -> and(" r.AUTHOR = ?", filter.author().value());
                    case TEXT_EQUALS, TEXT_CONTAINS -> and(" r.TEXT_INDEX LIKE ? ESCAPE '!'",
                            "%" + likeLiteral(PayloadJson.searchable(filter.text())) + "%");
                    case NUMBER_RANGE -> numberRange(filter);
                    default -> throw new IllegalArgumentException("unknown filter " + filter.kind());
                }
            }
            return this;
        }

        private void numberRange(RecordFilter filter) {
            StringBuilder exists = new StringBuilder(
                    " EXISTS (SELECT f.NAME FROM DUMP_RECORD_FIELD f WHERE f.RECORD_ID = r.ID AND f.NAME = ?");
            List<Object> values = new ArrayList<>(List.of(filter.fields().get(0)));
            if (filter.min() != null) {
                exists.append(" AND f.NUMBER_VALUE >= ?");
                values.add(finite(filter.min()));
            }
            if (filter.max() != null) {
                exists.append(" AND f.NUMBER_VALUE <= ?");
                values.add(finite(filter.max()));
            }
            and(exists.append(')').toString(), values.toArray());
        }

        List<SignedRecord> read(Connection connection, String orderBy, int first, int max) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + from + where
                    + orderBy + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int next = bind(statement);
                statement.setInt(next, first);
                statement.setInt(next + 1, max);
                List<SignedRecord> rows = new ArrayList<>();
                try (ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        rows.add(RecordEntity.fromRow(found));
                    }
                }
                return rows;
            }
        }

        long count(Connection connection) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*)" + from + where)) {
                bind(statement);
                try (ResultSet found = statement.executeQuery()) {
                    found.next();
                    return found.getLong(1);
                }
            }
        }

        /** @return the index of the first parameter after the conditions' */
        private int bind(PreparedStatement statement) throws SQLException {
            int i = 1;
            for (Object value : parameters) {
                statement.setObject(i++, value);
            }
            return i;
        }
    }

    /** A bound beyond what a double holds would reach SQL as infinity; RecordFilter refuses such bounds. */
    private static double finite(java.math.BigDecimal bound) {
        double value = bound.doubleValue();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a number filter's bound is beyond what a record's number holds");
        }
        return value;
    }

    private static boolean isText(RecordFilter filter) {
        return filter.kind() == RecordFilter.Kind.TEXT_CONTAINS || filter.kind() == RecordFilter.Kind.TEXT_EQUALS;
    }

    /** Escapes LIKE's wildcards so that a search for "50%" looks for those characters. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
