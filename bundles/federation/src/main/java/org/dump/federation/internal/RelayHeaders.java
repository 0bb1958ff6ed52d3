package org.dump.federation.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The headers a relay passes on, and none other (protocol §13): what a signed request and a conditional read need on
 * the way to the client, what a cached or downloaded answer needs on the way back. Everything else stays behind:
 * cookies, authorization, hop-by-hop headers, and whatever a caller might invent to steer the client or the relay
 * (a {@code Dump-Relay-*} header, for one), so that a relayed request tells the client nothing the signature does not
 * cover but these.
 */
final class RelayHeaders {

    /** Request headers passed to the client. */
    static final Set<String> REQUEST = Set.of("content-type", "accept", "content-digest", "signature-input",
            "signature", "if-none-match", "if-modified-since");
    /** Answer headers passed back to the caller; Content-Length is counted again by the relay. */
    static final Set<String> ANSWER = Set.of("content-type", "retry-after", "etag", "last-modified", "cache-control",
            "content-disposition", "allow");

    private RelayHeaders() {
    }

    /**
     * @param names  the names of the headers at hand
     * @param values all values of a header by name, joined with ", " (as HTTP allows for a list), or null
     * @return those of {@code allowed}, by lower-case name
     */
    static Map<String, String> keep(Set<String> allowed, Iterable<String> names, Function<String, String> values) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            String value = values.apply(name);
            if (allowed.contains(lower) && value != null && printable(value) && !kept.containsKey(lower)) {
                kept.put(lower, value);
            }
        }
        return kept;
    }

    /** @return whether a value has no control characters (a line break in a value would split the header) */
    private static boolean printable(String value) {
        return value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f);
    }

    /** @return those of {@code headers} in {@code allowed}, by lower-case name */
    static Map<String, String> keep(Set<String> allowed, Map<String, String> headers) {
        return keep(allowed, headers.keySet(), headers::get);
    }
}
