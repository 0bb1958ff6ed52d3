package org.dump.node.internal.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.lucene.search.Query;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.node.internal.search.SearchIndex;
import org.dump.node.record.SignedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text searches answered from the index: Lucene finds the ids of one page (text, equality, author and number
 * filters, order and all), the database gives their rows, and each row is checked against the query as SQL's
 * answers are ({@link RecordQueries#matches}). A row that fails the check (a record deleted or changed since the
 * index last heard of it, which a crash can leave for a moment) is left out and the page read on, so the index
 * never answers with a record that is gone. Whatever the index cannot answer (no text filter, a module that
 * declared no such field, an index still catching up) is answered by SQL: {@link #page} says so with empty.
 */
final class SearchPages {

    private static final Logger LOG = LoggerFactory.getLogger(SearchPages.class);
    /** Rounds of reading on past rows that failed their check, before the search goes to SQL. */
    private static final int ROUNDS = 4;

    private final RecordSearch search;
    private final SearchRows rows;

    SearchPages(RecordSearch search, SearchRows rows) {
        this.search = search;
        this.rows = rows;
    }

    /** @return the page, or empty if the index cannot answer this query now */
    Optional<RecordPage> page(String module, RecordQuery query) {
        Optional<Query> lucene = SearchQueries.filter(module, query, search.declared(module));
        if (lucene.isEmpty() || !search.current(module)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(read(module, query, lucene.get()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The search index could not answer {}; the database does: {}", query, e.toString());
            return Optional.empty();
        }
    }

    private RecordPage read(String module, RecordQuery query, Query filter) throws IOException {
        Set<String> failed = new HashSet<>();
        int wanted = query.offset() + query.limit() + 1;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> ids = new ArrayList<>(ordered(query, filter, wanted + failed.size()));
            ids.removeAll(failed);
            List<String> window = ids.subList(Math.min(query.offset(), ids.size()),
                    Math.min(ids.size(), query.offset() + query.limit() + 1));
            Map<String, SignedRecord> found = rows.byId(window);
            List<ModuleRecord> records = new ArrayList<>(window.size());
            for (String id : window) {
                SignedRecord row = found.get(id);
                ModuleRecord record = row == null || row.deleted() || !row.module().equals(module)
                        || !row.type().equals(query.type()) ? null : RecordReads.toModuleRecord(row);
                if (record == null || !SearchQueries.satisfies(query, record)) {
                    failed.add(id);
                } else {
                    records.add(record);
                }
            }
            if (records.size() == window.size()) { // else again, without the rows that failed
                boolean more = records.size() > query.limit();
                return new RecordPage(more ? records.subList(0, query.limit()) : records, query.offset(), more);
            }
        }
        return null; // the index is too far from the database for this query: SQL answers it
    }

    /** @return the ids of the first {@code count} records the query finds, in its order */
    private List<String> ordered(RecordQuery query, Query filter, int count) throws IOException {
        SearchIndex index = search.index();
        RecordQuery.Order order = query.order();
        if (order.key() != RecordQuery.Order.Key.NUMBER_FIELD) {
            return index.ids(filter, SearchQueries.sort(order), count);
        }
        // As in SQL: the records with the number first, in its order; then those without it, newest first.
        Query with = SearchQueries.withNumber(filter, order.field(), true);
        List<String> ids = new ArrayList<>(index.ids(with, SearchQueries.sort(order), count));
        if (ids.size() < count) {
            Query without = SearchQueries.withNumber(filter, order.field(), false);
            ids.addAll(index.ids(without, SearchQueries.sort(RecordQuery.Order.newestFirst()), count - ids.size()));
        }
        return ids;
    }
}
