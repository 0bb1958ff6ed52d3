package org.dump.web.internal.console;

import java.util.Map;

/**
 * One part of the DUMP section of the web console (node, users, peers, modules, publishers). Each part is a DS
 * component of its own, so that a part whose services the node lacks (no federation, no repository) is simply
 * absent instead of breaking the others; {@link AdminConsole} serves whichever parts are there.
 */
interface ConsoleSection {

    /** @return the name in the section's URLs: {@code NAME.json} to read, {@code NAME/ACTION} to act */
    String name();

    /** @return what the section shows now, as a JSON-ready object */
    Object read(Map<String, String> query);

    /**
     * Does what an administrator asked. Only ever called for a POST that passed {@link ConsoleGuard}.
     *
     * @return the answer as a JSON-ready object
     * @throws IllegalArgumentException if the action is unknown or its parameters are wrong (the message says which)
     */
    Answer act(String action, Map<String, String> form);

    /** What an action answers: a status (200, or 202 for work that goes on) and a body. */
    record Answer(int status, Object body) {

        static Answer ok(Object body) {
            return new Answer(200, body);
        }

        static Answer accepted(Object body) {
            return new Answer(202, body);
        }
    }

    /** @throws IllegalArgumentException naming the field if {@code form} lacks it or holds only blanks */
    static String required(Map<String, String> form, String field) {
        String value = form.get(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value.strip();
    }

    static IllegalArgumentException unknownAction(String section, String action) {
        return new IllegalArgumentException("the " + section + " section has no action '" + action + "'");
    }
}
