package org.dump.api.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.dump.api.module.ModuleNamespace;

/**
 * Which records of one type to fetch, in which order, and which page of them. Immutable: every method returns a
 * new query.
 *
 * <pre>
 * store.query(RecordQuery.ofType("listing")
 *         .where(RecordFilter.textContains("socks", "title", "description"))
 *         .where(RecordFilter.numberBetween("price", null, new BigDecimal("10")))
 *         .orderBy(RecordQuery.Order.byNumber("price", false))
 *         .page(0, 20));
 * </pre>
 *
 * Without an order, the newest records come first. Filters are all required (and).
 */
public final class RecordQuery {

    /** What a payload field that can be filtered or sorted on looks like (≤ 64 characters). */
    public static final String FIELD_PATTERN = "[A-Za-z_][A-Za-z0-9_]{0,63}";

    /** The largest page a query may ask for. */
    public static final int MAX_PAGE_SIZE = 500;

    private static final Pattern TYPE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern FIELD = Pattern.compile(FIELD_PATTERN);

    /** The order of a query's answer. Ties are broken by the record id, so pages never overlap. */
    public record Order(Key key, String field, boolean descending) {

        /** What records are ordered by. */
        public enum Key {
            /** when the record was first written */
            CREATED,
            /** when its current version was written */
            UPDATED,
            /** a number field of the payload; records without it come last */
            NUMBER_FIELD
        }

        public Order {
            Objects.requireNonNull(key, "key");
            if (key == Key.NUMBER_FIELD) {
                requireFieldName(field);
            } else if (field != null) {
                throw new IllegalArgumentException("ordering by " + key + " takes no field");
            }
        }

        public static Order newestFirst() {
            return new Order(Key.CREATED, null, true);
        }

        public static Order oldestFirst() {
            return new Order(Key.CREATED, null, false);
        }

        public static Order recentlyUpdatedFirst() {
            return new Order(Key.UPDATED, null, true);
        }

        public static Order byNumber(String field, boolean descending) {
            return new Order(Key.NUMBER_FIELD, field, descending);
        }
    }

    private final String type;
    private final List<RecordFilter> filters;
    private final Order order;
    private final int offset;
    private final int limit;

    private RecordQuery(String type, List<RecordFilter> filters, Order order, int offset, int limit) {
        this.type = type;
        this.filters = List.copyOf(filters);
        this.order = order;
        this.offset = offset;
        this.limit = limit;
    }

    /** All records of {@code type} (see {@link ModuleNamespace#ID_PATTERN}), newest first, first page of 50. */
    public static RecordQuery ofType(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("a record type matches " + ModuleNamespace.ID_PATTERN + ": " + type);
        }
        return new RecordQuery(type, List.of(), Order.newestFirst(), 0, 50);
    }

    /** @return this query with one more condition */
    public RecordQuery where(RecordFilter filter) {
        List<RecordFilter> more = new ArrayList<>(filters);
        more.add(Objects.requireNonNull(filter, "filter"));
        return new RecordQuery(type, more, order, offset, limit);
    }

    public RecordQuery orderBy(Order newOrder) {
        return new RecordQuery(type, filters, Objects.requireNonNull(newOrder, "order"), offset, limit);
    }

    /**
     * @param newOffset how many matching records to skip (≥ 0)
     * @param newLimit  how many to return at most (1 to {@link #MAX_PAGE_SIZE})
     */
    public RecordQuery page(int newOffset, int newLimit) {
        if (newOffset < 0) {
            throw new IllegalArgumentException("the offset cannot be negative");
        }
        if (newLimit < 1 || newLimit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE_SIZE + " records");
        }
        return new RecordQuery(type, filters, order, newOffset, newLimit);
    }

    public String type() {
        return type;
    }

    public List<RecordFilter> filters() {
        return filters;
    }

    public Order order() {
        return order;
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }

    static void requireFieldName(String field) {
        if (field == null || !FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("a field name matches " + FIELD_PATTERN + ": " + field);
        }
    }

    @Override
    public String toString() {
        return "records of type " + type + " where " + filters + " ordered by " + order + " from " + offset
                + " limit " + limit;
    }
}
