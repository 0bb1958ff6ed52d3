package org.dump.jetty.errors;

import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpStatus;

/**
 * The JSON error body of the node's API ({@code ErrorBody} in the web bundle), written without a JSON library: this
 * fragment sees only what Pax Web's Jetty bundle imports. The message says what went wrong in the caller's terms;
 * Jetty's own reason is added for a malformed request when it is short plain text naming no Java class.
 */
final class ErrorJson {

    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    /** Plain text of a sensible length: Jetty's reasons are short ("Bad URI", "Illegal character CNTL=0x0"). */
    private static final Pattern PLAIN = Pattern.compile("[ -~]{1,100}");
    /** As in ErrorBody: names of Java packages and classes, as exceptions' messages hold them. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|org|com|sun|jdk)\\.[A-Za-z0-9_$]+\\.[A-Za-z0-9_.$]+|Exception\\b|\\bnull$");

    private ErrorJson() {
    }

    /**
     * @return whether an error on {@code path} goes to a program that reads the API's errors. Not federation's: its
     *         senders take a JSON refusal as the endpoint's own final word (FederationServlet), which an error of
     *         the server, with no servlet behind it, is not.
     */
    static boolean wantsJson(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    /** @return {@code {"status":…,"error":…,"message":…}} for {@code status} */
    static String of(int status, String reason) {
        String phrase = HttpStatus.getMessage(status);
        return "{\"status\":" + status + ",\"error\":" + quote(phrase) + ",\"message\":"
                + quote(message(status, reason)) + "}";
    }

    static String message(int status, String reason) {
        String said = reason != null && PLAIN.matcher(reason).matches() && !JAVA_NAME.matcher(reason).find()
                && !reason.equals(HttpStatus.getMessage(status)) ? reason : null;
        return switch (status) {
            case 400 -> "the request is not well-formed HTTP" + (said != null ? ": " + said : "");
            case 408 -> "the request was not sent in time";
            case 413 -> "the request is larger than this node accepts";
            case 414 -> "the URL is longer than this node accepts";
            case 431 -> "the request's headers are larger than this node accepts";
            case 404 -> "nothing here: see /api/openapi.json for the endpoints of this node";
            default -> said != null ? said : "the request failed with status " + status;
        };
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == '<' || c == '>') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
