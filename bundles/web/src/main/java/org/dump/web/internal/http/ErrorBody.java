package org.dump.web.internal.http;

import java.util.regex.Pattern;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Response.StatusType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error the REST API answers, as JSON: the HTTP status again, its reason phrase, a sentence for a person,
 * and the field at fault when there is one. Never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String message, String field) {

    public static Response.ResponseBuilder response(StatusType status, String message) {
        return response(status, message, null);
    }

    public static Response.ResponseBuilder response(StatusType status, String message, String field) {
        return Response.status(status.getStatusCode())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status.getStatusCode(), status.getReasonPhrase(),
                        plain(message, status.getStatusCode()), field));
    }

    /** Names of Java packages and classes, as exceptions' messages hold them ({@code java.math.BigDecimal}). */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|org|com|sun|jdk)\\.[A-Za-z0-9_$]+\\.[A-Za-z0-9_.$]+|Exception\\b|\\bnull$");

    /**
     * @return {@code message} in the caller's terms: as it is, unless it is missing or names Java classes (a
     *         library's message passed on), then what {@code status} means in words
     */
    static String plain(String message, int status) {
        if (message != null && !message.isBlank() && !JAVA_NAME.matcher(message).find()) {
            return message;
        }
        return switch (status) {
            case 400 -> "the request is not one this endpoint understands";
            case 404 -> "nothing here: see /api/openapi.json for the endpoints of this node";
            case 405 -> "this endpoint does not answer that method";
            case 406 -> "this endpoint cannot answer in the media type asked for";
            case 413 -> "the request is larger than this node accepts";
            case 414 -> "the URL is longer than this node accepts";
            case 415 -> "this endpoint does not accept that Content-Type";
            case 431 -> "the request's headers are larger than this node accepts";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known != null ? known.getReasonPhrase() : "the request failed with status " + status;
            }
        };
    }
}
