package org.dump.federation.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import javax.net.ssl.SSLException;

/**
 * What went wrong in contacting another address, as a category only. The messages of the JDK's HTTP client may
 * quote what the other end sent (an SSH server's banner, say: "Invalid status line: SSH-2.0-…"); a hello makes this
 * node contact any address its sender names, and the answer to the hello must not become a way to read what
 * listens there (issue 22, item 2). So only these categories go into answers, notes and logs.
 */
final class ContactFailure {

    private ContactFailure() {
    }

    /** @return the category of {@code e}: "connection refused", "timed out", "did not answer as a DUMP node: …" */
    static String of(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String category = categoryOf(cause);
            if (category != null) {
                return category;
            }
        }
        return "the connection failed (" + e.getClass().getSimpleName() + ")";
    }

    /**
     * @return whether nothing answered at all (refused, timed out, unknown host, no route, closed without an answer):
     *         what makes a peer silent for its {@link PeerView}; a TLS or HTTP failure means something is there
     */
    static boolean unanswered(IOException e) {
        String category = of(e);
        return category.equals("timed out") || category.equals("connection refused") || category.equals("unknown host")
                || category.equals("no route to the host") || category.equals("the connection was closed without an answer");
    }

    private static String categoryOf(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to the host";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SSLException) {
            return "the TLS handshake failed";
        }
        if (e instanceof ProtocolException || e.getMessage() != null && (e.getMessage().contains("status line")
                || e.getMessage().contains("header"))) {
            return "did not answer as a DUMP node: not HTTP";
        }
        if (e instanceof EOFException || e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT)
                .contains("closed")) {
            return "the connection was closed without an answer";
        }
        return null;
    }
}
