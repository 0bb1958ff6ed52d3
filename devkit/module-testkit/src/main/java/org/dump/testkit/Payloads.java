package org.dump.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.RecordTooLargeException;

/**
 * A payload as the node takes it: every value checked and turned into what the node gives back after its round trip
 * through JSON (Integer becomes Long, Double becomes BigDecimal, a whole BigDecimal becomes Long, a BigInteger
 * that fits becomes Long), keys sorted, and the size of its JSON text limited. A module tested on the in-memory
 * store then reads the same values it would read on a node.
 */
final class Payloads {

    /** The node's default {@code maxPayloadBytes} (setting of org.dump.records). */
    static final int DEFAULT_MAX_BYTES = 512 * 1024;

    /** The node refuses deeper payloads. */
    static final int MAX_DEPTH = 32;

    /** The part of a string that searches look at. */
    static final int MAX_SEARCHED = 1000;

    private Payloads() {
    }

    /**
     * @return the payload as the node stores it
     * @throws InvalidRecordException  if it holds something that is no JSON value
     * @throws RecordTooLargeException if its JSON text is longer than {@code maxBytes} in UTF-8
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> accept(Map<String, ?> payload, int maxBytes) {
        if (payload == null) {
            throw new InvalidRecordException("a record needs a payload (a JSON object)");
        }
        Map<String, Object> stored = (Map<String, Object>) normalize(payload, "", 0);
        // As the node: a ModuleRecord's payload is a Map.copyOf, which holds no null at its top (deeper it may).
        for (Map.Entry<String, Object> field : new TreeMap<>(stored).entrySet()) {
            if (field.getValue() == null) {
                throw new InvalidRecordException("the payload value at '" + field.getKey() + "' is null: leave the "
                        + "field out instead");
            }
        }
        int bytes = Json.write(stored).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new RecordTooLargeException("the payload has " + bytes + " bytes of JSON; this node takes at most "
                    + maxBytes);
        }
        return Collections.unmodifiableMap(stored);
    }

    /** @return the part of {@code text} that searches look at, as they look at it */
    static String searchable(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.length() > MAX_SEARCHED ? lower.substring(0, MAX_SEARCHED) : lower;
    }

    private static Object normalize(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidRecordException("the payload is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidRecordException("the payload value at '" + path + "' is not a finite number");
            }
            return decimal(new BigDecimal(Double.toString(d)));
        }
        if (value instanceof BigDecimal decimal) {
            return decimal(decimal);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new InvalidRecordException("the payload has a key at '" + path + "' that is not a string");
                }
                copy.put(key, normalize(entry.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1));
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(copy));
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            int i = 0;
            for (Object item : list) {
                copy.add(normalize(item, path + "[" + i++ + "]", depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new InvalidRecordException("the payload value at '" + path + "' is a " + value.getClass().getSimpleName()
                + "; a payload holds strings, numbers, booleans, lists, maps and nulls only");
    }

    /** A decimal written without a fraction or exponent is read back by the node as an integer. */
    private static Object decimal(BigDecimal decimal) {
        String text = decimal.toString();
        if (text.indexOf('.') >= 0 || text.indexOf('E') >= 0 || text.indexOf('e') >= 0) {
            return decimal;
        }
        BigInteger whole = decimal.toBigIntegerExact();
        return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
    }
}
