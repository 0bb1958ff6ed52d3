package org.dump.web.internal.http;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Jetty's refusal of a request body while a resource reads it: 408 when the body comes slower than the minimum
 * data rate of {@code etc/jetty.xml} (issue 22, item 4), 400 for a body that breaks HTTP. The client's doing: it is
 * answered with its own status and not logged as the node's failure, or a slow-clients attack would write a stack
 * trace for every connection. Known by its class name, so that this bundle needs none of Jetty's packages.
 */
final class JettyRefusal {

    private static final String BAD_MESSAGE = "org.eclipse.jetty.http.BadMessageException";
    private static final String EOF = "org.eclipse.jetty.io.EofException";
    /** Causes looked through: CXF may wrap what the entity stream threw. */
    private static final int DEPTH = 4;

    private JettyRefusal() {
    }

    /** @return the 4xx status of Jetty's refusal in {@code error} or its causes, if it is one */
    static Optional<Integer> statusOf(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < DEPTH; depth++, cause = cause.getCause()) {
            if (cause.getClass().getName().equals(BAD_MESSAGE)) {
                try {
                    if (cause.getClass().getMethod("getCode").invoke(cause) instanceof Integer status && status >= 400
                            && status < 500) {
                        return Optional.of(status);
                    }
                } catch (ReflectiveOperationException | RuntimeException unlikeThe94Api) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code error} says the client went away or stopped reading while the node wrote its answer: Jetty's
     * {@code EofException}, or an I/O error from the idle timeout of a blocked write. Nobody is left to answer, and a
     * slow-clients attack would otherwise log a stack trace per connection.
     */
    static boolean clientGone(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < DEPTH; depth++, cause = cause.getCause()) {
            if (cause.getClass().getName().equals(EOF)
                    || cause instanceof IOException && cause.getCause() instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String message(int status) {
        return status == 408 ? "the request body came slower than this node accepts"
                : ErrorBody.plain(null, status);
    }
}
