package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.persistence.PersistenceException;

import org.dump.node.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes that let a query read one page without sorting the table ({@link RecordQueries}). EclipseLink makes
 * the indexes of an entity only with its table, so a database made by an older node lacks newer ones: they are
 * made here at start when missing. Queries name them to Derby in an optimizer hint, because Derby otherwise keeps
 * a plan made while the table was small and sorts every row of a large one; other databases read the hint as a
 * comment.
 */
final class RecordIndexes {

    static final String NEWEST_FIRST = "DUMP_RECORD_NEWEST_FIRST";
    static final String NUMBER_ASCENDING = "DUMP_RECORD_FIELD_ASCENDING";
    static final String NUMBER_DESCENDING = "DUMP_RECORD_FIELD_DESCENDING";
    static final String LOCAL_CHANGE = "DUMP_RECORD_LOCAL_CHANGE";

    private static final Logger LOG = LoggerFactory.getLogger(RecordIndexes.class);

    /** Index name, table and columns. */
    private static final Map<String, String[]> WANTED = Map.of(
            NEWEST_FIRST, new String[] {"DUMP_RECORD", "MODULE, TYPE, CREATED_MILLIS DESC, SEQ DESC, ID DESC"},
            NUMBER_ASCENDING, new String[] {"DUMP_RECORD_FIELD", "NAME, NUMBER_VALUE, RECORD_ID"},
            NUMBER_DESCENDING, new String[] {"DUMP_RECORD_FIELD", "NAME, NUMBER_VALUE DESC, RECORD_ID DESC"},
            LOCAL_CHANGE, new String[] {"DUMP_RECORD", "LOCAL_CHANGE"});

    private RecordIndexes() {
    }

    /** Makes the indexes that the database lacks. */
    static void ensure(Transactions transactions) {
        transactions.write(manager -> {
            Connection connection = manager.unwrap(Connection.class);
            try {
                Set<String> present = new HashSet<>();
                present.addAll(indexes(connection.getMetaData(), "DUMP_RECORD"));
                present.addAll(indexes(connection.getMetaData(), "DUMP_RECORD_FIELD"));
                for (Map.Entry<String, String[]> index : WANTED.entrySet()) {
                    if (!present.contains(index.getKey())) {
                        try (Statement create = connection.createStatement()) {
                            create.execute("CREATE INDEX " + index.getKey() + " ON " + index.getValue()[0] + " ("
                                    + index.getValue()[1] + ")");
                        }
                        LOG.info("Made index {} of the record store", index.getKey());
                    }
                }
                return null;
            } catch (SQLException e) {
                throw new PersistenceException("could not make the indexes of the record store: " + e.getMessage(), e);
            }
        });
    }

    private static Set<String> indexes(DatabaseMetaData metaData, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        for (String spelling : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet found = metaData.getIndexInfo(null, null, spelling, false, true)) {
                while (found.next()) {
                    String name = found.getString("INDEX_NAME");
                    if (name != null) {
                        names.add(name.toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        return names;
    }

    /** @return Derby's hint to read {@code table} through {@code index}, to put right after the table's name */
    static String hint(String index) {
        return " --DERBY-PROPERTIES index=" + index + "\n";
    }
}
