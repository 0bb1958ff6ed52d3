package org.dump.api.record;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a {@link RecordQuery}. Conditions on payload fields look at top-level strings and numbers only;
 * a record whose field is missing or of another type does not match. Text is compared without regard to case, and
 * only its first 1,000 characters are searched.
 */
public final class RecordFilter {

    /** What a filter tests. */
    public enum Kind {
        /** the string field equals {@link #text()}, ignoring case */
        TEXT_EQUALS,
        /** one of {@link #fields()} contains {@link #text()}, ignoring case */
        TEXT_CONTAINS,
        /** the number field lies within [{@link #min()}, {@link #max()}]; a null bound is open */
        NUMBER_RANGE,
        /** the record was written by {@link #author()} */
        AUTHOR
    }

    private final Kind kind;
    private final List<String> fields;
    private final String text;
    private final BigDecimal min;
    private final BigDecimal max;
    private final AuthorReference author;

    private RecordFilter(Kind kind, List<String> fields, String text, BigDecimal min, BigDecimal max,
            AuthorReference author) {
        this.kind = kind;
        this.fields = List.copyOf(fields);
        this.text = text;
        this.min = min;
        this.max = max;
        this.author = author;
        this.fields.forEach(RecordQuery::requireFieldName);
    }

    /** Records whose string {@code field} equals {@code value}, ignoring case. */
    public static RecordFilter textEquals(String field, String value) {
        return new RecordFilter(Kind.TEXT_EQUALS, List.of(field), Objects.requireNonNull(value, "value"), null, null,
                null);
    }

    /** The longest text that {@link #textContains} looks for: as much as it looks at in a record. */
    public static final int MAX_SEARCH_TEXT = 1000;

    /**
     * Records where at least one of the string {@code fields} contains {@code text}, ignoring case: the characters
     * of {@code text} as they are, in that order (no word or query syntax). A module that declares the fields in
     * {@link org.dump.api.module.Module#search()} gets the answer from the node's full-text index.
     *
     * @throws IllegalArgumentException if {@code text} is longer than {@link #MAX_SEARCH_TEXT} characters
     */
    public static RecordFilter textContains(String text, String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("name at least one field to search");
        }
        if (text != null && text.length() > MAX_SEARCH_TEXT) {
            throw new IllegalArgumentException("a search looks for at most " + MAX_SEARCH_TEXT + " characters, not "
                    + text.length());
        }
        return new RecordFilter(Kind.TEXT_CONTAINS, List.of(fields), Objects.requireNonNull(text, "text"), null, null,
                null);
    }

    /**
     * Records whose number {@code field} is at least {@code min} and at most {@code max}; null leaves a side open.
     * Bounds beyond what a double holds (about ±1.8e308) are refused: records' numbers are compared as doubles.
     */
    public static RecordFilter numberBetween(String field, BigDecimal min, BigDecimal max) {
        for (BigDecimal bound : new BigDecimal[] {min, max}) {
            if (bound != null && !Double.isFinite(bound.doubleValue())) {
                throw new IllegalArgumentException("a number filter's bound is beyond what a record's number holds");
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("the lower bound " + min + " is above the upper bound " + max);
        }
        return new RecordFilter(Kind.NUMBER_RANGE, List.of(field), null, min, max, null);
    }

    /** Records written by {@code author}. */
    public static RecordFilter authoredBy(AuthorReference author) {
        return new RecordFilter(Kind.AUTHOR, List.of(), null, null, null, Objects.requireNonNull(author, "author"));
    }

    public Kind kind() {
        return kind;
    }

    /** @return the payload fields the filter looks at; empty for {@link Kind#AUTHOR} */
    public List<String> fields() {
        return fields;
    }

    public String text() {
        return text;
    }

    public BigDecimal min() {
        return min;
    }

    public BigDecimal max() {
        return max;
    }

    public AuthorReference author() {
        return author;
    }

    @Override
    public String toString() {
        return kind + " " + fields + (text != null ? " '" + text + "'" : "") + (min != null ? " min " + min : "")
                + (max != null ? " max " + max : "") + (author != null ? " " + author : "");
    }
}
