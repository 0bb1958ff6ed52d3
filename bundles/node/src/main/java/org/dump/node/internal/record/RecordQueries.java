package org.dump.node.internal.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;

/**
 * Turns a {@link RecordQuery} into JPQL over DUMP_RECORD and DUMP_RECORD_FIELD. Every filter on a payload field is
 * an EXISTS on the field table, answered from its primary key; ordering by a field joins its row. Plain JPQL, so
 * the same query runs on Derby and PostgreSQL.
 */
final class RecordQueries {

    private RecordQueries() {
    }

    /** @return the query for one page plus one record, which tells whether more follow */
    static TypedQuery<RecordEntity> page(EntityManager manager, String module, RecordQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT r FROM RecordEntity r");
        RecordQuery.Order order = query.order();
        boolean byField = order.key() == RecordQuery.Order.Key.NUMBER_FIELD
                || order.key() == RecordQuery.Order.Key.TEXT_FIELD;
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
                case TEXT_EQUALS -> {
                    jpql.append(" AND EXISTS (SELECT f.name FROM RecordFieldEntity f WHERE f.recordId = r.id"
                            + " AND f.name = :").append(p).append("n AND f.textValue = :").append(p).append(')');
                    parameters.add(new Object[] {p + "n", filter.fields().get(0)});
                    parameters.add(new Object[] {p, filter.text().toLowerCase(Locale.ROOT)});
                }
                case TEXT_CONTAINS -> {
                    jpql.append(" AND EXISTS (SELECT f.name FROM RecordFieldEntity f WHERE f.recordId = r.id"
                            + " AND f.name IN :").append(p).append("n AND f.textValue LIKE :").append(p)
                            .append(" ESCAPE '!')");
                    parameters.add(new Object[] {p + "n", filter.fields()});
                    parameters.add(new Object[] {p, "%" + likeLiteral(filter.text().toLowerCase(Locale.ROOT)) + "%"});
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
            case TEXT_FIELD -> "s.textValue" + direction + " NULLS LAST, r.createdMillis DESC, r.sequence DESC";
        }).append(", r.id").append(direction);

        TypedQuery<RecordEntity> typed = manager.createQuery(jpql.toString(), RecordEntity.class)
                .setParameter("module", module)
                .setParameter("type", query.type())
                .setFirstResult(query.offset())
                .setMaxResults(query.limit() + 1);
        if (byField) {
            typed.setParameter("sortField", order.field());
        }
        parameters.forEach(p -> typed.setParameter((String) p[0], p[1]));
        return typed;
    }

    /** Escapes LIKE's wildcards so that a search for "50%" looks for those characters. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
