package org.dump.federation.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.federation.internal.StructuredFields.Bytes;
import org.dump.federation.internal.StructuredFields.InnerList;
import org.dump.federation.internal.StructuredFields.Item;
import org.dump.federation.internal.StructuredFields.Malformed;
import org.dump.federation.internal.StructuredFields.Member;
import org.dump.federation.internal.StructuredFields.Token;

/**
 * Reads an RFC 8941 dictionary (a structured field such as {@code Signature-Input}) following the parsing
 * algorithms of RFC 8941 §4.2 step by step, and nothing more lenient. Strangers send these fields, so the parser
 * also bounds what it takes: the field's length, the number of members, of items in an inner list and of
 * parameters.
 */
final class StructuredFieldParser {

    /** The longest field taken, in characters; the most members, items in an inner list, parameters. */
    static final int MAX_LENGTH = 4096;
    static final int MAX_MEMBERS = 8;
    static final int MAX_ITEMS = 16;
    static final int MAX_PARAMETERS = 16;

    private static final String DIGIT = "0123456789";
    private static final String LCALPHA = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALPHA = LCALPHA + LCALPHA.toUpperCase(java.util.Locale.ROOT);
    /** RFC 9110 §5.6.2 tchar, with ':' and '/' as a token allows them after its first character */
    private static final String TOKEN = ALPHA + DIGIT + "!#$%&'*+-.^_`|~:/";
    private static final String KEY = LCALPHA + DIGIT + "_-.*";
    private static final Pattern BYTES = Pattern.compile(":([A-Za-z0-9+/=]*):");
    private static final Pattern NUMBER = Pattern.compile("-?([0-9]*)(\\.([0-9]*))?");

    private final String input;
    private int at;

    private StructuredFieldParser(String input) {
        this.input = input;
    }

    /** @return the members in order (a key given twice keeps its first place and its last value, §4.2.2) */
    static Map<String, Member> dictionary(String field) throws Malformed {
        if (field.length() > MAX_LENGTH) {
            throw new Malformed("longer than " + MAX_LENGTH + " characters");
        }
        StructuredFieldParser parser = new StructuredFieldParser(field);
        parser.span(" ");
        return parser.members(); // which takes the field to its end, or fails
    }

    /** §4.2.2 */
    private Map<String, Member> members() throws Malformed {
        Map<String, Member> members = new LinkedHashMap<>();
        int count = 0;
        while (!atEnd()) {
            if (++count > MAX_MEMBERS) {
                throw new Malformed("more than " + MAX_MEMBERS + " members");
            }
            members.put(key(), !next('=') ? new Item(Boolean.TRUE, parameters()) // key, then '=' (Java's order)
                    : peek() == '(' ? innerList() : new Item(bareItem(), parameters()));
            span(" \t");
            if (atEnd()) {
                return members;
            }
            if (!next(',')) {
                throw malformed("expected ',' after a member");
            }
            span(" \t");
            if (atEnd()) {
                throw malformed("a ',' with no member after it");
            }
        }
        return members;
    }

    /** §4.2.1.2 */
    private InnerList innerList() throws Malformed {
        at++; // the '('
        List<Item> items = new ArrayList<>();
        while (!atEnd()) {
            span(" ");
            if (next(')')) {
                return new InnerList(List.copyOf(items), parameters());
            }
            if (items.size() == MAX_ITEMS) {
                throw malformed("more than " + MAX_ITEMS + " items in an inner list");
            }
            items.add(new Item(bareItem(), parameters()));
            if (peek() != ' ' && peek() != ')') {
                throw malformed("expected ' ' or ')' in an inner list");
            }
        }
        throw malformed("an inner list without its ')'");
    }

    /** §4.2.3.1 */
    private Object bareItem() throws Malformed {
        char c = peek();
        return switch (c) {
            case '"' -> string();
            case ':' -> bytes();
            case '?' -> bool();
            default -> {
                if (c == '-' || in(DIGIT, c)) {
                    yield number();
                } else if (in(ALPHA + "*", c)) {
                    yield token();
                }
                throw malformed("expected an item");
            }
        };
    }

    /** §4.2.3.2 */
    private Map<String, Object> parameters() throws Malformed {
        Map<String, Object> params = new LinkedHashMap<>();
        while (next(';')) {
            span(" ");
            String key = key();
            params.put(key, next('=') ? bareItem() : Boolean.TRUE);
            if (params.size() > MAX_PARAMETERS) {
                throw malformed("more than " + MAX_PARAMETERS + " parameters");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /** §4.2.3.3 */
    private String key() throws Malformed {
        if (!in(LCALPHA + "*", peek())) {
            throw malformed("expected a key (a lower-case letter or '*' first)");
        }
        return input.substring(span(KEY), at);
    }

    /** §4.2.4: an integer of at most 15 digits, or a decimal of at most 12 and 1 to 3 digits. */
    private Object number() throws Malformed {
        Matcher number = NUMBER.matcher(input).region(at, input.length());
        number.lookingAt();
        String whole = number.group(1);
        String fraction = number.group(3);
        if (whole.isEmpty()) {
            throw malformed("expected a digit");
        }
        at = number.end();
        if (fraction == null) {
            if (whole.length() > 15) {
                throw malformed("an integer with more than 15 digits");
            }
            return Long.parseLong(number.group());
        }
        if (whole.length() > 12 || fraction.isEmpty() || fraction.length() > 3) {
            throw malformed("a decimal needs at most 12 digits, '.' and 1 to 3 digits");
        }
        return new BigDecimal(number.group());
    }

    /** §4.2.5 */
    private String string() throws Malformed {
        at++; // the opening '"'
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = input.charAt(at++);
            if (c == '\\') {
                if (peek() != '"' && peek() != '\\') {
                    throw malformed("a '\\' escapes only '\"' or '\\'");
                }
                out.append(input.charAt(at++));
            } else if (c == '"') {
                return out.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw malformed("a control character in a string");
            } else {
                out.append(c);
            }
        }
        throw malformed("a string without its closing '\"'");
    }

    /** §4.2.6 */
    private Token token() {
        return new Token(input.substring(span(TOKEN), at));
    }

    /** §4.2.7: padding is not required (RFC 8941 says parsers should not insist on it). */
    private Bytes bytes() throws Malformed {
        Matcher bytes = BYTES.matcher(input).region(at, input.length());
        if (!bytes.lookingAt()) {
            throw malformed("a byte sequence is base64 between ':' and ':'");
        }
        try {
            Bytes decoded = new Bytes(Base64.getDecoder().decode(bytes.group(1)));
            at = bytes.end();
            return decoded;
        } catch (IllegalArgumentException e) {
            throw malformed("a byte sequence that is not base64");
        }
    }

    /** §4.2.8 */
    private Boolean bool() throws Malformed {
        at++; // the '?'
        if (peek() == '0' || peek() == '1') {
            return input.charAt(at++) == '1';
        }
        throw malformed("a boolean is ?1 or ?0");
    }

    private boolean atEnd() {
        return at >= input.length();
    }

    /** @return the next character, or NUL at the end (no rule takes NUL) */
    private char peek() {
        return atEnd() ? '\0' : input.charAt(at);
    }

    private boolean next(char c) {
        boolean found = peek() == c;
        at += found ? 1 : 0;
        return found;
    }

    /** Goes past the characters of {@code set}; @return where they began */
    private int span(String set) {
        int start = at;
        while (in(set, peek())) {
            at++;
        }
        return start;
    }

    private Malformed malformed(String why) {
        return new Malformed(why + " at character " + at);
    }

    private static boolean in(String set, char c) {
        return set.indexOf(c) >= 0; // never NUL: no set holds it
    }
}
