package org.dump.testkit;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;

/**
 * Answers a {@link RecordQuery} over records in memory with the node's meaning (docs/modules.md, Records):
 * filters on top-level strings and numbers, text without regard to case and only its first 1,000 characters,
 * numbers compared as doubles, ties broken by sequence number and record id in the order's direction, records
 * without the number of a number order last and newest first.
 */
final class QueryAnswers {

    private QueryAnswers() {
    }

    static RecordPage page(Collection<ModuleRecord> records, RecordQuery query) {
        List<ModuleRecord> matching = records.stream()
                .filter(record -> record.type().equals(query.type()))
                .filter(record -> query.filters().stream().allMatch(filter -> matches(filter, record)))
                .sorted(order(query.order()))
                .toList();
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return new RecordPage(matching.subList(from, to), query.offset(), to < matching.size());
    }

    static boolean matches(RecordFilter filter, ModuleRecord record) {
        Map<String, Object> payload = record.payload();
        return switch (filter.kind()) {
            case AUTHOR -> Objects.equals(record.author(), filter.author());
            case TEXT_EQUALS -> payload.get(filter.fields().get(0)) instanceof String s
                    // The node finds candidates in the searched part of the text first, then compares whole strings.
                    && Payloads.searchable(s).contains(Payloads.searchable(filter.text()))
                    && s.equalsIgnoreCase(filter.text());
            case TEXT_CONTAINS -> filter.fields().stream().anyMatch(field -> payload.get(field) instanceof String s
                    && Payloads.searchable(s).contains(Payloads.searchable(filter.text())));
            case NUMBER_RANGE -> number(record, filter.fields().get(0))
                    .stream().anyMatch(value -> (filter.min() == null || value >= filter.min().doubleValue())
                            && (filter.max() == null || value <= filter.max().doubleValue()));
        };
    }

    private static OptionalDouble number(ModuleRecord record, String field) {
        return record.payload().get(field) instanceof Number n ? OptionalDouble.of(n.doubleValue())
                : OptionalDouble.empty();
    }

    static Comparator<ModuleRecord> order(RecordQuery.Order order) {
        Comparator<ModuleRecord> newestFirst = Comparator.comparing(ModuleRecord::created)
                .thenComparingLong(ModuleRecord::sequence).thenComparing(ModuleRecord::id).reversed();
        return switch (order.key()) {
            case CREATED -> order.descending() ? newestFirst : newestFirst.reversed();
            case UPDATED -> {
                Comparator<ModuleRecord> updated = Comparator.comparing(ModuleRecord::updated)
                        .thenComparingLong(ModuleRecord::sequence).thenComparing(ModuleRecord::id);
                yield order.descending() ? updated.reversed() : updated;
            }
            case NUMBER_FIELD -> byNumber(order.field(), order.descending(), newestFirst);
        };
    }

    private static Comparator<ModuleRecord> byNumber(String field, boolean descending,
            Comparator<ModuleRecord> newestFirst) {
        Comparator<ModuleRecord> withNumber = Comparator
                .comparingDouble((ModuleRecord record) -> number(record, field).getAsDouble())
                .thenComparing(ModuleRecord::id);
        Comparator<ModuleRecord> numbers = descending ? withNumber.reversed() : withNumber;
        return (a, b) -> {
            boolean hasA = number(a, field).isPresent();
            boolean hasB = number(b, field).isPresent();
            if (hasA && hasB) {
                return numbers.compare(a, b);
            }
            if (hasA != hasB) {
                return hasA ? -1 : 1;
            }
            return newestFirst.compare(a, b);
        };
    }
}
