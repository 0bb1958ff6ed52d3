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
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
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

    /** Jackson takes a body for UTF-32 by its first four bytes; if it is not, that is malformed JSON too. */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void aBodyThatIsNotTextIsA400() {
        byte[] body = {'{', 0, 0, 0, '%', 'l', 'e', '"', ':', '"', 'P', 'e', 'n', '"', '}'};
        JsonProcessingException undecodable = assertThrows(JsonProcessingException.class, () -> new JsonProvider()
                .readFrom((Class) Named.class, Named.class, new java.lang.annotation.Annotation[0],
                        javax.ws.rs.core.MediaType.APPLICATION_JSON_TYPE, new javax.ws.rs.core.MultivaluedHashMap<>(),
                        new java.io.ByteArrayInputStream(body)));
        Response response = mapper.toResponse(undecodable);
        assertEquals(400, response.getStatus());
        assertTrue(body(response).message(), body(response).message().contains("UTF-32"));
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

    @Test
    public void aDatabaseOutOfDiskSpaceIsA507ForAWriteAndA503ForARead() {
        Response write = mapper.toResponse(new StorageFullException(true, Duration.ofSeconds(10), null));
        assertEquals(507, write.getStatus());
        assertEquals(507, body(write).status());
        assertEquals("Insufficient Storage", body(write).error());
        assertTrue(body(write).message(), body(write).message().contains("out of disk space"));
        assertEquals("10", write.getHeaderString("Retry-After"));

        Response read = mapper.toResponse(new StorageFullException(false, Duration.ofSeconds(10), null));
        assertEquals(503, read.getStatus());
        assertEquals("10", read.getHeaderString("Retry-After"));
    }

    @Test
    public void aDatabaseOutOfDiskSpaceIsFoundUnderWhatAModuleWrappedItIn() {
        Response wrapped = mapper.toResponse(new IllegalStateException("could not list",
                new StorageFullException(true, Duration.ofSeconds(10), new java.sql.SQLException("full", "XSDG1"))));
        assertEquals(507, wrapped.getStatus());
        assertFalse(body(wrapped).message(), body(wrapped).message().contains("XSDG1"));
    }

    @Test
    public void aDatabaseThatClosedTheRequestsConnectionIsA503ToTryAgain() {
        Response lost = mapper.toResponse(new DatabaseUnavailableException("the node's database closed the "
                + "connection of this request", Duration.ofSeconds(1), new java.sql.SQLException("gone", "08003")));
        assertEquals(503, lost.getStatus());
        assertEquals("1", lost.getHeaderString("Retry-After"));
        assertTrue(body(lost).message(), body(lost).message().contains("closed the connection"));
    }
}
