package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.PersistenceException;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.SignedRecord;

/** What modules read: one live record by id, and pages of a query ({@link RecordQueries}). */
final class RecordReads {

    private final Transactions transactions;
    private final SearchPages search;

    RecordReads(Transactions transactions, RecordSearch search) {
        this.transactions = transactions;
        this.search = new SearchPages(search, new SearchRows(transactions));
    }

    /** @return live record {@code id} of {@code module}, of any origin */
    Optional<ModuleRecord> get(String module, String id) {
        if (id == null || !LocalRecordWrites.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return transactions.read(manager -> Optional.ofNullable(manager.find(RecordEntity.class, id))
                .filter(e -> e.module().equals(module) && !e.deleted())
                .map(e -> toModuleRecord(e.toSigned())));
    }

    RecordPage query(String module, RecordQuery query) {
        if (!RecordQueries.needsRecheck(query)) {
            List<SignedRecord> found = rows(module, query, query.offset(), query.limit() + 1);
            List<ModuleRecord> records = new ArrayList<>(Math.min(found.size(), query.limit()));
            for (int i = 0; i < found.size() && i < query.limit(); i++) {
                records.add(toModuleRecord(found.get(i)));
            }
            return new RecordPage(records, query.offset(), found.size() > query.limit());
        }
        // Text filters: the search index answers if it can; else SQL finds the records whose text index holds the
        // words, and the payload says in which field.
        Optional<RecordPage> indexed = search.page(module, query);
        if (indexed.isPresent()) {
            return indexed.get();
        }
        // Read on in chunks until the page (and one more record, to tell whether more follow) is full.
        // Chunks double in size, so that a rare match costs a few queries, not one per 200 records.
        List<ModuleRecord> records = new ArrayList<>();
        int skipped = 0;
        int chunk = Math.max(200, 2 * (query.offset() + query.limit() + 1));
        for (int first = 0;; first += chunk, chunk = Math.min(chunk * 2, 100_000)) {
            List<SignedRecord> found = rows(module, query, first, chunk);
            for (SignedRecord row : found) {
                ModuleRecord record = toModuleRecord(row);
                if (!RecordQueries.matches(query, record.payload())) {
                    continue;
                }
                if (skipped < query.offset()) {
                    skipped++;
                } else if (records.size() == query.limit()) {
                    return new RecordPage(records, query.offset(), true);
                } else {
                    records.add(record);
                }
            }
            if (found.size() < chunk) {
                return new RecordPage(records, query.offset(), false);
            }
        }
    }

    /**
     * Reads by plain SQL on the connection of a transaction (EclipseLink hands one out only in a transaction); the
     * transaction writes nothing.
     */
    private List<SignedRecord> rows(String module, RecordQuery query, int first, int max) {
        return transactions.write(manager -> {
            try {
                return RecordQueries.rows(manager.unwrap(Connection.class), module, query, first, max);
            } catch (SQLException e) {
                throw new PersistenceException("could not query the records of " + module + ": " + e.getMessage(), e);
            }
        });
    }

    static ModuleRecord toModuleRecord(SignedRecord record) {
        return new ModuleRecord(record.module(), record.type(), record.id(), record.origin(), record.sequence(),
                record.author() == null ? null : new AuthorReference(record.author()),
                Instant.ofEpochMilli(record.createdMillis()), Instant.ofEpochMilli(record.updatedMillis()),
                record.dataVersion(), record.deleted() ? Map.of()
                        : PayloadJson.withoutTopLevelNulls(PayloadJson.read(record.payload())));
    }
}
