package org.dump.web.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.core.Response;

import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.AvatarRejectedException.Reason;
import org.dump.node.account.DuplicateUsernameException;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.LastAdministratorException;
import org.dump.node.account.LoginThrottledException;
import org.dump.node.account.SignInBusyException;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.consent.ConsentException;
import org.dump.web.internal.security.SessionsFullException;
import org.junit.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

public class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper();

    private ErrorBody body(Response response) {
        return (ErrorBody) response.getEntity();
    }

    @Test
    public void theNodesRefusalsKeepTheirMeaning() {
        Response invalid = mapper.toResponse(new InvalidInputException("email", "not an address"));
        assertEquals(400, invalid.getStatus());
        assertEquals("email", body(invalid).field());
        assertEquals(400, body(invalid).status());

        assertEquals(409, mapper.toResponse(new DuplicateUsernameException("adam")).getStatus());
        assertEquals(409, mapper.toResponse(new LastAdministratorException("admin")).getStatus());
        assertEquals(404, mapper.toResponse(new UnknownAccountException("nobody")).getStatus());
        assertEquals(413, mapper.toResponse(new AvatarRejectedException(Reason.TOO_LARGE, "big")).getStatus());
        assertEquals(415, mapper.toResponse(new AvatarRejectedException(Reason.NOT_AN_IMAGE, "text")).getStatus());
        assertEquals(400, mapper.toResponse(new AvatarRejectedException(Reason.TOO_MANY_PIXELS, "wide")).getStatus());
        assertEquals(404, mapper.toResponse(new ConsentException(ConsentException.Reason.NOT_FOUND, "none")).getStatus());
        assertEquals(409, mapper.toResponse(new ConsentException(ConsentException.Reason.CONFLICT, "no peer")).getStatus());
    }

    @Test
    public void throttlingSaysWhenToComeBack() {
        Response response = mapper.toResponse(new LoginThrottledException(Duration.ofSeconds(42)));
        assertEquals(429, response.getStatus());
        assertEquals("42", response.getHeaderString("Retry-After"));
    }

    @Test
    public void aBusyNodeSaysWhenToComeBack() {
        Response busy = mapper.toResponse(new SignInBusyException(Duration.ofSeconds(1)));
        assertEquals(503, busy.getStatus());
        assertEquals("1", busy.getHeaderString("Retry-After"));

        Response full = mapper.toResponse(new SessionsFullException());
        assertEquals(503, full.getStatus());
        assertEquals("60", full.getHeaderString("Retry-After"));
    }

    @Test
    public void jaxRsErrorsKeepStatusAndHeadersButGetAJsonBody() {
        Response unauthorized = mapper.toResponse(new NotAuthorizedException("sign in", "Basic realm=\"DUMP\""));
        assertEquals(401, unauthorized.getStatus());
        assertEquals("Basic realm=\"DUMP\"", unauthorized.getHeaderString("WWW-Authenticate"));
        assertEquals("sign in", body(unauthorized).message());

        Response notFound = mapper.toResponse(new NotFoundException());
        assertEquals(404, notFound.getStatus());
        assertTrue(body(notFound).message().contains("openapi.json"));
    }

    record Named(String name) {
    }

    @Test
    public void malformedJsonIsABadRequestNamingTheField() {
        UnrecognizedPropertyException unknown = assertThrows(UnrecognizedPropertyException.class,
                () -> JsonProvider.mapper().readValue("{\"nam\":\"x\"}", Named.class));
        Response response = mapper.toResponse(unknown);
        assertEquals(400, response.getStatus());
        assertEquals("nam", body(response).field());

        JsonProcessingException truncated = assertThrows(JsonProcessingException.class,
                () -> new ObjectMapper().readTree("{\"name\":"));
        Response malformed = mapper.toResponse(truncated);
        assertEquals(400, malformed.getStatus());
        assertTrue(body(malformed).message().startsWith("the body is not well-formed JSON"));
    }

    @Test
    public void anythingUnexpectedIsA500WithoutDetails() {
        Response response = mapper.toResponse(new IllegalStateException("database password is hunter2"));
        assertEquals(500, response.getStatus());
        assertFalse(body(response).message().contains("hunter2"));
        assertTrue(body(response).message().contains("reference"));
    }

    /** A write that blocked until the idle timeout: the client stopped reading, so the node did not fail. */
    @Test
    public void aClientThatStoppedReadingIsNotTheNodesFailure() {
        Response stalled = mapper.toResponse(new IOException(new TimeoutException("Idle timeout expired: 2439/2000 ms")));
        assertEquals(408, stalled.getStatus());
        assertFalse(body(stalled).message().contains("reference"));

        Response plainIo = mapper.toResponse(new IOException("disk full"));
        assertEquals("an I/O error of the node's own stays a 500", 500, plainIo.getStatus());
    }
}
