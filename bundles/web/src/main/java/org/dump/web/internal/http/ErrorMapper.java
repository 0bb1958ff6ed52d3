package org.dump.web.internal.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Response.Status;
import javax.ws.rs.core.Response.StatusType;
import javax.ws.rs.ext.ExceptionMapper;

import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordException;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordTooLargeException;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.DuplicateUsernameException;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.LastAdministratorException;
import org.dump.node.account.LoginThrottledException;
import org.dump.node.account.SignInBusyException;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.consent.ConsentException;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
import org.dump.web.internal.security.SessionsFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every exception that leaves a resource into a JSON {@link ErrorBody} with the status that fits: the
 * node's refusals keep their meaning (400, 404, 409, 413, 415, 429, 503), a database out of disk space is a 507 for a
 * write (503 for a read, or a database that closed the request's connection), with Retry-After and no log line of its
 * own, JAX-RS errors keep their status and headers,
 * malformed JSON is a 400, Jetty's refusal of a body as it is read keeps its status (408 for a slow one), and anything
 * unexpected is a 500 whose details go to the log under a reference that the answer gives, never to the client.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web) {
            return fromWebApplication(web);
        }
        if (error instanceof InvalidInputException invalid) {
            return ErrorBody.response(Status.BAD_REQUEST, invalid.getMessage(), invalid.field()).build();
        }
        if (error instanceof DuplicateUsernameException || error instanceof LastAdministratorException) {
            return ErrorBody.response(Status.CONFLICT, error.getMessage()).build();
        }
        if (error instanceof UnknownAccountException) {
            return ErrorBody.response(Status.NOT_FOUND, error.getMessage()).build();
        }
        if (error instanceof AvatarRejectedException avatar) {
            return ErrorBody.response(statusOf(avatar.reason()), avatar.getMessage(), "avatar").build();
        }
        if (error instanceof LoginThrottledException || error instanceof SignInBusyException
                || error instanceof SessionsFullException) {
            return retryLater((RuntimeException) error);
        }
        if (error instanceof ConsentException consent) {
            return ErrorBody.response(consent.reason() == ConsentException.Reason.NOT_FOUND ? Status.NOT_FOUND
                    : Status.CONFLICT, consent.getMessage()).build();
        }
        if (error instanceof JsonProcessingException json) {
            return fromJson(json);
        }
        if (error instanceof RecordException record) {
            return ErrorBody.response(statusOf(record), record.getMessage()).build();
        }
        Optional<Integer> refused = JettyRefusal.statusOf(error);
        if (refused.isPresent()) {
            Status status = Status.fromStatusCode(refused.get());
            return ErrorBody.response(status != null ? status : Status.BAD_REQUEST,
                    JettyRefusal.message(refused.get())).build();
        }
        Optional<DatabaseUnavailableException> unavailable = DatabaseUnavailableException.in(error);
        if (unavailable.isPresent()) {
            return databaseUnavailable(unavailable.get());
        }
        if (JettyRefusal.clientGone(error)) {
            LOG.debug("The client went away or stopped reading before its answer was written: {}", error.toString());
            return ErrorBody.response(Status.REQUEST_TIMEOUT, JettyRefusal.message(408)).build();
        }
        return ErrorBody.response(Status.INTERNAL_SERVER_ERROR, logUnexpected(error)).build();
    }

    /**
     * Logs an error that nothing expected under a fresh reference.
     *
     * @return the sentence for the client, which names the reference and nothing of the error
     */
    static String logUnexpected(Throwable error) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Unexpected error answering a REST request (reference {})", reference, error);
        return "the node failed to answer; its log has the details under reference " + reference;
    }

    /**
     * A refusal that ends by itself: 429 for a source that failed too many sign-ins, 503 while the node checks as
     * many passwords or holds as many sessions as it allows; each with Retry-After.
     */
    public static Response retryLater(RuntimeException refusal) {
        if (refusal instanceof LoginThrottledException throttled) {
            return withRetryAfter(Status.TOO_MANY_REQUESTS, throttled, throttled.retryAfter().toSeconds());
        }
        if (refusal instanceof SignInBusyException busy) {
            return withRetryAfter(Status.SERVICE_UNAVAILABLE, busy, busy.retryAfter().toSeconds());
        }
        return withRetryAfter(Status.SERVICE_UNAVAILABLE, refusal, SessionsFullException.RETRY_AFTER_SECONDS);
    }

    /**
     * The database is out of disk space (it logged so, once, for the whole run of refusals): 507 Insufficient Storage
     * for a write that stored nothing, 503 for a read the database could not serve; or it closed the connection of
     * the request (shut down, restarted): 503. Each ends by itself, and says when to try again.
     */
    static Response databaseUnavailable(DatabaseUnavailableException unavailable) {
        StatusType status = unavailable instanceof StorageFullException full && full.writing() ? INSUFFICIENT_STORAGE
                : Status.SERVICE_UNAVAILABLE;
        return ErrorBody.response(status, unavailable.getMessage())
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, unavailable.retryAfter().toSeconds())).build();
    }

    /** 507 Insufficient Storage (RFC 4918), which JAX-RS has no constant for. */
    static final StatusType INSUFFICIENT_STORAGE = new StatusType() {
        @Override
        public int getStatusCode() {
            return 507;
        }

        @Override
        public Status.Family getFamily() {
            return Status.Family.SERVER_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Insufficient Storage";
        }
    };

    private static Response withRetryAfter(Status status, RuntimeException refusal, long seconds) {
        return ErrorBody.response(status, refusal.getMessage()).header(HttpHeaders.RETRY_AFTER, Math.max(1, seconds))
                .build();
    }

    /** A module's record store refused: the module usually passes that on unchanged. */
    private static StatusType statusOf(RecordException error) {
        if (error instanceof RecordNotFoundException) {
            return Status.NOT_FOUND;
        }
        if (error instanceof NotAuthorException) {
            return Status.FORBIDDEN;
        }
        if (error instanceof RecordTooLargeException) {
            return Status.REQUEST_ENTITY_TOO_LARGE;
        }
        return Status.BAD_REQUEST;
    }

    private static Response fromWebApplication(WebApplicationException error) {
        Response original = error.getResponse();
        StatusType status = original.getStatusInfo();
        Throwable cause = error.getCause();
        if (status.getStatusCode() == 400 && cause instanceof JsonProcessingException json) {
            return fromJson(json);
        }
        if (status.getStatusCode() == 404 && error instanceof NotFoundException && cause != null
                && !(cause instanceof WebApplicationException)) {
            // JAX-RS answers a query or path parameter it cannot convert (limit=many) with 404; it is the caller's
            // mistake, and the cause's message names Java types.
            return ErrorBody.response(Status.BAD_REQUEST, "a parameter of the request is not of the right form, "
                    + "such as a number where text was sent").build();
        }
        Response.ResponseBuilder answer = ErrorBody.response(status, messageOf(error, status));
        for (Map.Entry<String, List<Object>> header : original.getHeaders().entrySet()) {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(header.getKey())) {
                header.getValue().forEach(value -> answer.header(header.getKey(), value));
            }
        }
        return answer.build();
    }

    /** JAX-RS's own messages ("HTTP 404 Not Found") tell nothing the status does not; ours say what went wrong. */
    private static String messageOf(WebApplicationException error, StatusType status) {
        String message = error.getMessage();
        return message == null || message.startsWith("HTTP " + status.getStatusCode()) ? null : message;
    }

    /** @see ErrorBody#plain */
    static String plain(String message, int status) {
        return ErrorBody.plain(message, status);
    }

    private static Response fromJson(JsonProcessingException error) {
        if (error instanceof UnrecognizedPropertyException unknown) {
            return ErrorBody.response(Status.BAD_REQUEST, "unknown field '" + unknown.getPropertyName() + "'",
                    unknown.getPropertyName()).build();
        }
        if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? reference.getFieldName() : String.valueOf(reference.getIndex())).collect(Collectors.joining("."));
            if (mapping.getCause() instanceof StreamConstraintsException limit) {
                // A string, number or nesting beyond what JsonProvider reads, met inside a field.
                return ErrorBody.response(Status.BAD_REQUEST, "field '" + field + "' is larger than this node reads: "
                        + limit.getOriginalMessage(), field).build();
            }
            return ErrorBody.response(Status.BAD_REQUEST, "field '" + field + "' has the wrong type", field).build();
        }
        if (error instanceof MismatchedInputException) {
            // Well-formed, but not the object this endpoint takes (an array, a string): Jackson's message names
            // the Java type it wanted.
            return ErrorBody.response(Status.BAD_REQUEST, "the body is not the JSON object this endpoint takes")
                    .build();
        }
        return ErrorBody.response(Status.BAD_REQUEST, "the body is not well-formed JSON: " + error.getOriginalMessage())
                .build();
    }

    private static StatusType statusOf(AvatarRejectedException.Reason reason) {
        return switch (reason) {
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE;
            case NOT_AN_IMAGE -> Status.UNSUPPORTED_MEDIA_TYPE;
            case TOO_MANY_PIXELS -> Status.BAD_REQUEST;
        };
    }
}
