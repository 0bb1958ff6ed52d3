package org.dump.repository.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.Test;

/**
 * Issue 22, item 12: a download or install error names its cause in words. The JDK's HTTP client reports a refused
 * connection as a ConnectException without a message, which reached the admin as "failed: null" (where a message
 * was read as is) or as a class name.
 */
public class FailureReasonsTest {

    @Test
    public void aRefusedConnectionIsNamedInWords() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HttpClient client = HttpClient.newHttpClient();
        IOException refused = assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + closed + "/repository/index.xml")).build(),
                HttpResponse.BodyHandlers.discarding()));
        assertEquals("the connection was refused", RepositoryHttp.reason(refused));
    }

    @Test
    public void anExceptionWithoutAnyMessageIsNeverNull() {
        String reason = RepositoryHttp.reason(new IOException((String) null, new IllegalStateException()));
        assertFalse(reason, reason.contains("null"));
        assertEquals("the connection closed before the end", RepositoryHttp.reason(new java.io.EOFException()));
        assertEquals("no reason given (IllegalStateException)", RepositoryHttp.reason(new IllegalStateException()));
    }
}
