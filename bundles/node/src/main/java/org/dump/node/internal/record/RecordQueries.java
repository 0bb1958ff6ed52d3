package org.dump.node.internal.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;

/**
 * Turns a {@link RecordQuery} into JPQL over DUMP_RECORD and DUMP_RECORD_FIELD. A filter on a number is an EXISTS
 * on the field rows, answered from their index; ordering by a number joins its row. A filter on text is a LIKE on
 * the record's text index, which holds all its strings: that finds every record that can match, and
 * {@link #matches} then checks the named fields in the payload. Plain JPQL, so the same query runs on Derby and
 * PostgreSQL.
 */
final class RecordQueries {

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

    /** @return the query for records [{@code first}, {@code first + max}) of those SQL finds, in order */
    static TypedQuery<RecordEntity> rows(EntityManager manager, String module, RecordQuery query, int first, int max) {
        StringBuilder jpql = new StringBuilder("SELECT r FROM RecordEntity r");
        RecordQuery.Order order = query.order();
        boolean byField = order.key() == RecordQuery.Order.Key.NUMBER_FIELD;
        if (byField) {
            jpql.append(" LEFT JOIN RecordFieldEntity s ON s.recordId = r.id AND s.name = :sortField");
        }
        jpql.append(" WHERE r.module = :module AND r.type = :type AND r.deleted = FALSE");
        List<Object[]> parameters = new ArrayList<>();
        int i = 0;
        for (RecordFilter filter : query.filters()) {
            String p = "p" + i++;
            switch (filter.kind()) {
                case AUTHOR -> {
                    jpql.append(" AND r.author = :").append(p);
                    parameters.add(new Object[] {p, filter.author().value()});
                }
                case TEXT_EQUALS, TEXT_CONTAINS -> {
                    jpql.append(" AND r.textIndex LIKE :").append(p).append(" ESCAPE '!'");
                    parameters.add(new Object[] {p, "%" + likeLiteral(PayloadJson.searchable(filter.text())) + "%"});
                }
                case NUMBER_RANGE -> {
                    jpql.append(" AND EXISTS (SELECT f.name FROM RecordFieldEntity f WHERE f.recordId = r.id"
                            + " AND f.name = :").append(p).append('n');
                    parameters.add(new Object[] {p + "n", filter.fields().get(0)});
                    if (filter.min() != null) {
                        jpql.append(" AND f.numberValue >= :").append(p).append("min");
                        parameters.add(new Object[] {p + "min", filter.min().doubleValue()});
                    }
                    if (filter.max() != null) {
                        jpql.append(" AND f.numberValue <= :").append(p).append("max");
                        parameters.add(new Object[] {p + "max", filter.max().doubleValue()});
                    }
                    jpql.append(')');
                }
                default -> throw new IllegalArgumentException("unknown filter " + filter.kind());
            }
        }
        String direction = order.descending() ? " DESC" : " ASC";
        // Ties are broken by the sequence number (for one origin, the order of writing) and then the id, so the
        // order is total and pages never overlap or skip.
        jpql.append(" ORDER BY ").append(switch (order.key()) {
            case CREATED -> "r.createdMillis" + direction + ", r.sequence" + direction;
            case UPDATED -> "r.updatedMillis" + direction + ", r.sequence" + direction;
            // Records without the field come last either way.
            case NUMBER_FIELD -> "s.numberValue" + direction + " NULLS LAST, r.createdMillis DESC, r.sequence DESC";
        }).append(", r.id").append(direction);

        TypedQuery<RecordEntity> typed = manager.createQuery(jpql.toString(), RecordEntity.class)
                .setParameter("module", module)
                .setParameter("type", query.type())
                .setFirstResult(first)
                .setMaxResults(max);
        if (byField) {
            typed.setParameter("sortField", order.field());
        }
        parameters.forEach(p -> typed.setParameter((String) p[0], p[1]));
        return typed;
    }

    private static boolean isText(RecordFilter filter) {
        return filter.kind() == RecordFilter.Kind.TEXT_CONTAINS || filter.kind() == RecordFilter.Kind.TEXT_EQUALS;
    }

    /** Escapes LIKE's wildcards so that a search for "50%" looks for those characters. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
