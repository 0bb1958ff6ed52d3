package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.persistence.PersistenceException;

import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SequenceSet;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The versions of records this node has seen, for anti-entropy ({@link RecordInventory}): the summary, what
 * another node lacks, and versions another node reported gone.
 */
@Component(service = RecordInventory.class)
public final class RecordVersions implements RecordInventory {

    private final Transactions transactions;
    private final SeenSequences seen;
    private final RecordWriter writer;
    private final GoneRule goneRule;

    @Activate
    public RecordVersions(@Reference RecordCore core) {
        this.transactions = core.transactions();
        this.seen = core.seen();
        this.writer = core.writer();
        this.goneRule = new GoneRule(core.identity().id(), seen);
    }

    @Override
    public Map<String, List<Range>> summary(String module) {
        return seen.summary(module);
    }

    @Override
    public Map<String, List<Range>> unseen(String module, Map<String, List<Range>> numbers) {
        Map<String, List<Range>> unseen = new java.util.TreeMap<>();
        numbers.forEach((origin, ranges) -> {
            List<Range> lacking = SequenceSet.of(ranges).minus(seen.of(module, origin).ranges());
            if (!lacking.isEmpty()) {
                unseen.put(origin, lacking);
            }
        });
        return unseen;
    }

    @Override
    public Difference difference(String module, Map<String, List<Range>> theirs, int limit) {
        // Read by plain JDBC, origin by origin, in sequence order along the DUMP_RECORD_SEQ index: a page of 2,000
        // records read as entities, by a list of ids, cost the holder about 60 µs a record, more than the asker
        // spends storing it. It writes nothing: the transaction is how EclipseLink hands out its connection.
        return transactions.write(manager -> {
            Connection connection = manager.unwrap(Connection.class);
            List<SignedRecord> missing = new ArrayList<>();
            Map<String, List<Range>> gone = new java.util.TreeMap<>();
            boolean more = false;
            for (Map.Entry<String, List<Range>> origin : seen.summary(module).entrySet()) {
                List<Range> lacking = SequenceSet.of(origin.getValue())
                        .minus(theirs.getOrDefault(origin.getKey(), List.of()));
                if (lacking.isEmpty()) {
                    continue;
                }
                SequenceSet held = new SequenceSet();
                SequenceSet goneHere = new SequenceSet();
                // Versions of this origin that the other lacks and this node holds: records to send, at most the limit.
                long last = Long.MAX_VALUE;
                for (SignedRecord record : heldVersions(connection, module, origin.getKey(), lacking,
                        limit - missing.size() + 1)) {
                    if (missing.size() == limit) {
                        more = true;
                        last = record.sequence() - 1;
                        break;
                    }
                    missing.add(record);
                    held.add(record.sequence());
                }
                for (Range range : lacking) {
                    if (range.from() <= last) {
                        goneHere.add(range.from(), Math.min(range.to(), last));
                    }
                }
                List<Range> goneRanges = goneHere.minus(held.ranges());
                if (!goneRanges.isEmpty()) {
                    gone.put(origin.getKey(), goneRanges);
                }
                if (more) {
                    break;
                }
            }
            return new Difference(missing, gone, more);
        });
    }

    /**
     * @return the stored versions of {@code origin} whose numbers lie in {@code lacking}, in order of sequence
     *         number, the first {@code wanted} of them; a few ranges are asked for one by one through the sequence
     *         index, many in one pass from the first of them
     */
    private static List<SignedRecord> heldVersions(Connection connection, String module, String origin,
            List<Range> lacking, int wanted) {
        String select = "SELECT " + RecordEntity.COLUMNS + " FROM DUMP_RECORD WHERE MODULE = ? AND ORIGIN = ?"
                + " AND SEQ BETWEEN ? AND ? ORDER BY SEQ";
        List<SignedRecord> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(select)) {
            query.setString(1, module);
            query.setString(2, origin);
            if (lacking.size() <= 64) {
                for (Range range : lacking) {
                    if (rows.size() >= wanted) {
                        break;
                    }
                    query.setLong(3, range.from());
                    query.setLong(4, range.to());
                    query.setMaxRows(wanted - rows.size());
                    readAll(query, rows, null, wanted);
                }
                return rows;
            }
            query.setLong(3, lacking.get(0).from());
            query.setLong(4, lacking.get(lacking.size() - 1).to());
            readAll(query, rows, SequenceSet.of(lacking), wanted);
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the records a peer lacks: " + e.getMessage(), e);
        }
    }

    /**
     * Adds the rows {@code query} finds to {@code rows}, all or those whose number {@code only} holds, until
     * {@code rows} has {@code wanted}; the rest is never read.
     */
    private static void readAll(PreparedStatement query, List<SignedRecord> rows, SequenceSet only, int wanted)
            throws SQLException {
        try (ResultSet found = query.executeQuery()) {
            while (rows.size() < wanted && found.next()) {
                SignedRecord record = RecordEntity.fromRow(found);
                if (only == null || only.contains(record.sequence())) {
                    rows.add(record);
                }
            }
        }
    }

    @Override
    public GoneVerdict judgeGone(String module, Map<String, List<Range>> gone) {
        return goneRule.judge(module, gone);
    }

    @Override
    public void noteGone(String module, Map<String, List<Range>> reported) {
        // Only what the rule believes is noted: a lying peer cannot mark numbers its origin never signed.
        Map<String, List<Range>> gone = goneRule.judge(module, reported).accepted();
        if (gone.isEmpty()) {
            return;
        }
        writer.write(batch -> {
            gone.forEach((origin, ranges) -> ranges.forEach(range -> batch.markSeen(module, origin, range.from(),
                    range.to())));
            return null;
        });
    }
}
