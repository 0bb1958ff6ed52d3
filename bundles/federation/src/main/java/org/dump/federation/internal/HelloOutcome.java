package org.dump.federation.internal;

import java.io.IOException;
import java.util.Locale;

import org.dump.federation.Mutuality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a node answered to a hello ({@code POST /federation/hello}): on the wire a JSON object
 * {@code {"outcome": "taken|already|pending|refused", "message": "…"}} with the status that goes with it (200, 200,
 * 202, and 403 or 409 for a refusal). Nodes from before the outcome field answer 200 for taken and already.
 *
 * @param kind    what the answer says
 * @param message what the node said, or what went wrong in asking it, for the administrator
 */
record HelloOutcome(Kind kind, String message) {

    /** What an answer to a hello says. */
    enum Kind {
        /** It took this node as its peer now. */
        TAKEN,
        /** It had this node as its peer already. */
        ALREADY,
        /** It keeps the hello for its administrator, who approves peers by hand. */
        PENDING,
        /** It does not take this node: it has all the peers it takes, its administrator refused, or it did not
         * accept the hello itself (signature, address). */
        REFUSED,
        /** No answer that says either: not reachable, an error, too many requests, not a DUMP node. */
        UNANSWERED;

        /** @return the name of the outcome on the wire */
        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = FederationJson.MAPPER;
    private static final int MAX_MESSAGE = 300;

    /** @return the outcome that an answer of {@code status} with {@code body} gives */
    static HelloOutcome of(int status, String contentType, byte[] body) {
        JsonNode answer = null;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                answer = JSON.readTree(body);
            } catch (IOException e) {
                answer = null;
            }
        }
        String message = answer == null ? "" : abbreviate(answer.path("message").asText(""));
        String outcome = answer == null ? "" : answer.path("outcome").asText("");
        if (answer == null || !answer.isObject()) {
            return new HelloOutcome(Kind.UNANSWERED, "HTTP " + status + " without a hello's answer: not a DUMP node, "
                    + "or one that is still starting");
        }
        if (status == 200 && (outcome.equals(Kind.PENDING.wire()) || outcome.equals(Kind.REFUSED.wire()))) {
            // A 200 that says otherwise is not a yes: what the node says it did counts.
            return new HelloOutcome(outcome.equals(Kind.PENDING.wire()) ? Kind.PENDING : Kind.REFUSED, message);
        }
        if (status == 200) {
            boolean already = outcome.equals(Kind.ALREADY.wire()) || outcome.isEmpty() && message.contains("already");
            return new HelloOutcome(already ? Kind.ALREADY : Kind.TAKEN, message);
        }
        if (status == 202 && outcome.equals(Kind.PENDING.wire())) {
            return new HelloOutcome(Kind.PENDING, message);
        }
        if (status == 400 || status == 401 || status == 403 || status == 409) {
            return new HelloOutcome(Kind.REFUSED, message.isEmpty() ? "HTTP " + status : message);
        }
        return new HelloOutcome(Kind.UNANSWERED, "HTTP " + status + (message.isEmpty() ? "" : ": " + message));
    }

    static HelloOutcome unanswered(String why) {
        return new HelloOutcome(Kind.UNANSWERED, why);
    }

    /** @return what the outcome says of whether the node takes this one as its peer */
    Mutuality mutuality() {
        return switch (kind) {
            case TAKEN, ALREADY -> Mutuality.MUTUAL;
            case PENDING -> Mutuality.PENDING;
            case REFUSED -> Mutuality.ONE_SIDED;
            case UNANSWERED -> Mutuality.UNKNOWN;
        };
    }

    private static String abbreviate(String text) {
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }
}
