package org.dump.web.internal.http;

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
                .entity(new ErrorBody(status.getStatusCode(), status.getReasonPhrase(), message, field));
    }
}
