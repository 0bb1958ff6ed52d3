package org.dump.web.internal.http;

import java.io.IOException;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.dump.web.internal.security.ActingUserBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The CXF servlet of the API, which also ends the acting scope of every request it served, and answers in JSON
 * whatever CXF let through: an error such as {@code OutOfMemoryError} that no exception mapper saw would otherwise
 * reach Jetty, whose HTML page names it.
 */
final class ApiServlet extends CXFNonSpringServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final transient ActingUserBinding acting;

    ApiServlet(DestinationRegistry destinations, ActingUserBinding acting) {
        super(destinations, false);
        this.acting = acting;
    }

    @Override
    protected void invoke(HttpServletRequest request, HttpServletResponse response) throws ServletException {
        try {
            super.invoke(request, response);
        } catch (ServletException | RuntimeException | Error e) {
            answerFailure(response, e);
        } finally {
            acting.end();
        }
    }

    /** A JSON 500 that names a reference in the log, never the error; nothing if part of an answer has gone out. */
    static void answerFailure(HttpServletResponse response, Throwable error) {
        String message = ErrorMapper.logUnexpected(error);
        if (response.isCommitted()) {
            return;
        }
        try {
            response.reset();
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.getOutputStream().write(JSON.writeValueAsBytes(new ErrorBody(
                    HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "Internal Server Error", message, null)));
            response.flushBuffer();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not send the error answer", e);
        }
    }
}
