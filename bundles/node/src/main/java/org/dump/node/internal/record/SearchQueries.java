package org.dump.node.internal.record;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;
import org.dump.node.internal.search.SearchDocument;
import org.dump.node.internal.search.Trigrams;

/** A {@link RecordQuery} as Lucene asks it of the search index, and the check of a row against it. */
final class SearchQueries {

    private SearchQueries() {
    }

    /**
     * @return the records of the query's type in {@code module} that pass its filters, or empty if the index
     *         cannot answer it: no text filter (SQL is quick then), a text filter on a field the module did not
     *         declare, or an empty text
     */
    static Optional<Query> filter(String module, RecordQuery query, SearchDeclarations declared) {
        Set<String> searchable = declared.fields(query.type());
        BooleanQuery.Builder all = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(SearchDocument.KIND, SearchDocument.kind(module, query.type()))),
                        Occur.FILTER);
        boolean text = false;
        int terms = 0;
        for (RecordFilter filter : query.filters()) {
            switch (filter.kind()) {
                case TEXT_CONTAINS -> {
                    String wanted = PayloadJson.searchable(filter.text());
                    terms += filter.fields().size() * (wanted.codePointCount(0, wanted.length()) / 3 + 2);
                    if (wanted.isEmpty() || !searchable.containsAll(filter.fields()) || terms > Trigrams.MAX_TERMS) {
                        return Optional.empty();
                    }
                    BooleanQuery.Builder any = new BooleanQuery.Builder();
                    filter.fields().forEach(f -> any.add(SearchDocument.containing(f, wanted),
                            Occur.SHOULD));
                    all.add(any.build(), Occur.FILTER);
                    text = true;
                }
                case TEXT_EQUALS -> all.add(new TermQuery(new Term(SearchDocument.string(filter.fields().get(0)),
                        PayloadJson.searchable(filter.text()))), Occur.FILTER);
                case NUMBER_RANGE -> all.add(DoublePoint.newRangeQuery(SearchDocument.number(filter.fields().get(0)),
                        bound(filter.min(), Double.NEGATIVE_INFINITY), bound(filter.max(), Double.POSITIVE_INFINITY)),
                        Occur.FILTER);
                case AUTHOR -> all.add(new TermQuery(new Term(SearchDocument.AUTHOR, filter.author().value())),
                        Occur.FILTER);
                default -> {
                    return Optional.empty();
                }
            }
        }
        return text ? Optional.of(all.build()) : Optional.empty();
    }

    /** @return {@code filter} and only the records that have (or lack) number field {@code field} */
    static Query withNumber(Query filter, String field, boolean present) {
        return new BooleanQuery.Builder().add(filter, Occur.FILTER)
                .add(new FieldExistsQuery(SearchDocument.number(field)), present ? Occur.FILTER : Occur.MUST_NOT)
                .build();
    }

    /** @return the order of SQL's answers ({@link RecordQueries#rows}), ties broken alike */
    static Sort sort(RecordQuery.Order order) {
        boolean descending = order.descending();
        SortField id = new SortField(SearchDocument.ID, SortField.Type.STRING, descending);
        return switch (order.key()) {
            case CREATED -> new Sort(new SortField(SearchDocument.CREATED, SortField.Type.LONG, descending),
                    new SortField(SearchDocument.SEQUENCE, SortField.Type.LONG, descending), id);
            case UPDATED -> new Sort(new SortField(SearchDocument.UPDATED, SortField.Type.LONG, descending),
                    new SortField(SearchDocument.SEQUENCE, SortField.Type.LONG, descending), id);
            case NUMBER_FIELD -> new Sort(new SortField(SearchDocument.number(order.field()), SortField.Type.DOUBLE,
                    descending), id);
        };
    }

    /** @return whether a record read from the database passes every filter of {@code query}, as SQL would have it */
    static boolean satisfies(RecordQuery query, ModuleRecord record) {
        if (!RecordQueries.matches(query, record.payload())) {
            return false;
        }
        for (RecordFilter filter : query.filters()) {
            if (filter.kind() == RecordFilter.Kind.AUTHOR
                    && (record.author() == null || !record.author().value().equals(filter.author().value()))) {
                return false;
            }
            if (filter.kind() == RecordFilter.Kind.NUMBER_RANGE) {
                if (!(record.payload().get(filter.fields().get(0)) instanceof Number number)) {
                    return false;
                }
                double value = number.doubleValue();
                if (filter.min() != null && value < filter.min().doubleValue()
                        || filter.max() != null && value > filter.max().doubleValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double bound(BigDecimal bound, double open) {
        return bound == null ? open : bound.doubleValue();
    }
}
