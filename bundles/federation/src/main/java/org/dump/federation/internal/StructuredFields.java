package org.dump.federation.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The values of RFC 8941 structured fields that {@link StructuredFieldParser} reads, and their serialization (RFC 8941
 * §4.1): the {@code @signature-params} line of an RFC 9421 signature base is the serialization of an inner list.
 * Bare item values are {@link Long} (integer), {@link BigDecimal} (decimal), {@link String}, {@link Token},
 * {@link Bytes} (byte sequence) and {@link Boolean}; parameters keep their order.
 */
final class StructuredFields {

    private static final long MAX_INTEGER = 999_999_999_999_999L;

    private StructuredFields() {
    }

    /** Why a field is not a structured field that {@link StructuredFieldParser} takes. */
    static final class Malformed extends Exception {

        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** A token (§3.3.4), kept apart from a string because it serializes without quotes. */
    record Token(String value) {
    }

    /** A byte sequence (§3.3.5), compared by content. */
    record Bytes(byte[] value) {

        Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return ":" + Base64.getEncoder().encodeToString(value) + ":";
        }
    }

    /** A dictionary member's value: an item or an inner list, each with its parameters. */
    sealed interface Member permits Item, InnerList {

        Map<String, Object> params();
    }

    /** An item (§3.3): a bare item with parameters. */
    record Item(Object value, Map<String, Object> params) implements Member {
    }

    /** An inner list (§3.1.1): items, and parameters of the list itself. */
    record InnerList(List<Item> items, Map<String, Object> params) implements Member {
    }

    /** @return the inner list serialized as RFC 8941 §4.1.1.1 says, its parameters included */
    static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (Item item : list.items()) {
            out.append(out.length() > 1 ? " " : "").append(bare(item.value())).append(parameters(item.params()));
        }
        return out.append(')').append(parameters(list.params())).toString();
    }

    /** §4.1.1.2: a parameter whose value is true is written as its key alone. */
    static String parameters(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> {
            out.append(';').append(key);
            if (!Boolean.TRUE.equals(value)) {
                out.append('=').append(bare(value));
            }
        });
        return out.toString();
    }

    /** §4.1.3: a bare item. */
    static String bare(Object value) {
        if (value instanceof Long integer) {
            if (Math.abs(integer) > MAX_INTEGER) {
                throw new IllegalArgumentException("an integer has at most 15 digits: " + integer);
            }
            return integer.toString();
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal rounded = decimal.setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
            if (rounded.precision() - rounded.scale() > 12) {
                throw new IllegalArgumentException("a decimal has at most 12 integer digits: " + decimal);
            }
            return rounded.setScale(Math.max(1, rounded.scale())).toPlainString();
        }
        if (value instanceof String string) {
            return string(string);
        }
        if (value instanceof Token token) {
            return token.value();
        }
        if (value instanceof Bytes bytes) {
            return bytes.toString();
        }
        if (value instanceof Boolean bool) {
            return bool ? "?1" : "?0";
        }
        throw new IllegalArgumentException("not a structured field value: " + value);
    }

    private static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("a string holds printable ASCII only");
            }
            out.append(c == '"' || c == '\\' ? "\\" : "").append(c);
        }
        return out.append('"').toString();
    }
}
