package org.dump.node.internal.record;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.RecordTooLargeException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Payloads between the map a module hands over and the JSON text that is signed and stored. Writing checks every
 * value and sorts keys, so the same data always becomes the same text; reading gives back Longs, BigIntegers and
 * BigDecimals, never doubles, so that prices keep their exact value.
 */
final class PayloadJson {

    /** Deeper payloads are refused: nothing a module needs, and a cheap way to exhaust a parser's stack. */
    static final int MAX_DEPTH = 32;

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private PayloadJson() {
    }

    /**
     * @return the payload as canonical JSON text
     * @throws InvalidRecordException  if it holds something other than JSON values
     * @throws RecordTooLargeException if its text is longer than {@code maxBytes} in UTF-8
     */
    static String write(Map<String, ?> payload, int maxBytes) {
        if (payload == null) {
            throw new InvalidRecordException("a record needs a payload (a JSON object)");
        }
        Object normalized = normalize(payload, "", 0);
        requireNoTopLevelNull(payload);
        String text;
        try {
            text = MAPPER.writeValueAsString(normalized);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("the payload cannot be written as JSON: " + e.getOriginalMessage());
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new RecordTooLargeException("the payload has " + bytes + " bytes of JSON; this node takes at most "
                    + maxBytes);
        }
        return text;
    }

    /** @return the payload of stored or received text; throws InvalidRecordException if it is not a JSON object */
    static Map<String, Object> read(String text) {
        Map<String, Object> payload = null;
        try {
            payload = text == null ? null : MAPPER.readValue(text, MAP);
        } catch (IOException e) {
            // refused below
        }
        if (payload == null) { // also the JSON text "null", which Jackson reads as no map at all
            throw new InvalidRecordException("the payload is not a JSON object");
        }
        return payload;
    }

    /**
     * A module's record hands its payload over as an immutable map, which holds no null: a field that is null at the
     * top level is left out instead (deeper, in maps and lists, nulls are kept).
     *
     * @throws InvalidRecordException naming the first such field
     */
    static void requireNoTopLevelNull(Map<String, ?> payload) {
        for (Map.Entry<String, ?> field : new TreeMap<>(payload).entrySet()) {
            if (field.getValue() == null) {
                throw new InvalidRecordException("the payload value at '" + field.getKey() + "' is null: leave the "
                        + "field out instead");
            }
        }
    }

    /** @return the payload without its top-level nulls: how a record stored before they were refused is read */
    static Map<String, Object> withoutTopLevelNulls(Map<String, Object> payload) {
        if (!payload.containsValue(null)) {
            return payload;
        }
        Map<String, Object> copy = new LinkedHashMap<>(payload);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }

    /** Longest text index of a record; a longer one is cut, and searches look at its first part only. */
    static final int MAX_TEXT_INDEX = 4000;

    /** Longest part of one string that searches look at. */
    static final int MAX_SEARCHED = 1000;

    /**
     * @return the record's text index: its top-level strings, by field name, each in lower case without line
     *         breaks and cut to {@link #MAX_SEARCHED} characters, one per line; at most {@link #MAX_TEXT_INDEX}
     */
    static String textIndex(Map<String, Object> payload) {
        StringBuilder index = new StringBuilder();
        new TreeMap<>(payload).forEach((name, value) -> {
            if (value instanceof String text) {
                if (index.length() > 0) {
                    index.append('\n');
                }
                index.append(searchable(text).replace('\n', ' '));
            }
        });
        return index.length() > MAX_TEXT_INDEX ? index.substring(0, MAX_TEXT_INDEX) : index.toString();
    }

    /** @return the part of {@code text} that searches look at, as they look at it */
    static String searchable(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.length() > MAX_SEARCHED ? lower.substring(0, MAX_SEARCHED) : lower;
    }

    /** @return the top-level numbers of a payload, by field name */
    static Map<String, Double> numberFields(Map<String, Object> payload) {
        Map<String, Double> fields = new TreeMap<>();
        payload.forEach((name, value) -> {
            if (value instanceof Number n && name.length() <= 64) {
                fields.put(name, n.doubleValue());
            }
        });
        return fields;
    }

    private static Object normalize(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidRecordException("the payload is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidRecordException("the payload value at '" + path + "' is not a finite number");
            }
            return new BigDecimal(Double.toString(d));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new InvalidRecordException("the payload has a key at '" + path + "' that is not a string");
                }
                copy.put(key, normalize(entry.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1));
            }
            return copy;
        }
        if (value instanceof Collection<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            int i = 0;
            for (Object item : list) {
                copy.add(normalize(item, path + "[" + i++ + "]", depth + 1));
            }
            return copy;
        }
        throw new InvalidRecordException("the payload value at '" + path + "' is a " + value.getClass().getSimpleName()
                + "; a payload holds strings, numbers, booleans, lists, maps and (inside lists and maps) nulls only");
    }
}
