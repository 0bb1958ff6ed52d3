package org.dump.jetty.errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The server's own error answers in the API's JSON error body ({@code status}, {@code error}, {@code message}),
 * with the headers the API sends on its errors. Set on the server by {@code etc/jetty.xml}.
 *
 * <p>Two ways lead here. A request that Jetty's parser refuses ({@code /api/%zz}, a URL or headers beyond Jetty's
 * limits, a bad {@code Host}) is answered by {@link #badMessageError} before any path is known: always JSON, since
 * no browser page ever sends such a request. An error that no servlet context answers goes through
 * {@link #generateAcceptableResponse}: JSON under {@code /api}, whose callers read JSON; elsewhere Jetty's page
 * without servlet names or stacks, for a person with a browser, and for federation, whose senders read only its
 * servlet's refusals as JSON.
 */
public class JsonErrorHandler extends ErrorHandler {

    /** The API's policy for its answers (web bundle, SecurityHeaders): nothing in an error runs or is framed. */
    static final String POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public JsonErrorHandler() {
        setShowServlet(false);
        setShowStacks(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        if (HttpStatus.hasNoBody(status)) {
            return ByteBuffer.allocate(0);
        }
        fields.put(HttpHeader.CONTENT_TYPE, ErrorJson.CONTENT_TYPE);
        fields.put("X-Content-Type-Options", "nosniff");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put("Content-Security-Policy", POLICY);
        return ByteBuffer.wrap(ErrorJson.of(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        if (!ErrorJson.wantsJson(request.getRequestURI())) {
            super.generateAcceptableResponse(baseRequest, request, response, code, message);
            return;
        }
        baseRequest.setHandled(true);
        if (HttpStatus.hasNoBody(code)) {
            return;
        }
        response.setContentType(ErrorJson.CONTENT_TYPE);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
        response.setHeader("Content-Security-Policy", POLICY);
        byte[] body = ErrorJson.of(code, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
