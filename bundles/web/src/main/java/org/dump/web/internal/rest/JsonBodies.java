package org.dump.web.internal.rest;

import org.dump.node.account.InvalidInputException;

/** Checks shared by resources that take a JSON body. */
final class JsonBodies {

    private JsonBodies() {
    }

    /** @throws InvalidInputException (400) when the request had no body at all */
    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidInputException("body", "a JSON body is required");
        }
        return body;
    }

    /** @throws InvalidInputException (400) naming {@code field} when it is missing from the body */
    static String requiredField(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    static char[] chars(String value) {
        return value == null ? null : value.toCharArray();
    }
}
