package org.dump.web.internal.http;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import javax.ws.rs.core.Response.Status;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps every answer under {@code /api} JSON, also those that no resource gives: an error that a servlet or the
 * HTTP server sends ({@code sendError}: a path no servlet serves while the API starts, a servlet's failure) is
 * written as an {@link ErrorBody} instead of the server's HTML page; and a JSON body in a charset this node does not
 * read is refused with 415 before CXF, which would fail on it with a 500.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("dump-api-errors")
@HttpWhiteboardFilterPattern(ApiServer.PATH + "/*")
public final class ApiErrorFilter implements Filter {

    private static final ObjectMapper JSON = JsonProvider.mapper();
    /** The charsets JSON may come in (RFC 8259 asks for UTF-8; Jackson also reads UTF-16 and UTF-32). */
    private static final Set<Charset> JSON_CHARSETS = Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII,
            StandardCharsets.UTF_16, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, Charset.forName("UTF-32"),
            Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE"));

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        Optional<String> charset = unreadableCharset(http.getContentType());
        if (charset.isPresent()) {
            write(answer, Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode(), "the body's charset '" + charset.get()
                    + "' is not one this node reads: send JSON in UTF-8");
            return;
        }
        chain.doFilter(request, new JsonErrors(answer));
    }

    /** @return the charset of a JSON {@code contentType} if it is not one JSON may come in */
    static Optional<String> unreadableCharset(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return Optional.empty();
        }
        for (String parameter : contentType.split(";")) {
            String[] nameValue = parameter.split("=", 2);
            if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("charset")) {
                String name = nameValue[1].strip().replace("\"", "");
                if (!readable(name)) {
                    return Optional.of(name.length() > 40 ? name.substring(0, 40) : name);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean readable(String charset) {
        try {
            return JSON_CHARSETS.contains(Charset.forName(charset));
        } catch (IllegalArgumentException unknownOrIllegal) {
            return false;
        }
    }

    /** Writes {@code message} as the JSON error body of {@code status}, replacing whatever was buffered. */
    static void write(HttpServletResponse response, int status, String message) throws IOException {
        Status known = Status.fromStatusCode(status);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", SecurityHeaders.POLICY);
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), new ErrorBody(status,
                known != null ? known.getReasonPhrase() : "Error", message, null));
    }

    /** Turns a servlet's or the server's {@code sendError} into a JSON error body. */
    private static final class JsonErrors extends HttpServletResponseWrapper {

        JsonErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (isCommitted()) {
                super.sendError(status, message);
                return;
            }
            write((HttpServletResponse) getResponse(), status, status == 404
                    ? "nothing here: see /api/openapi.json for the endpoints of this node"
                    : ErrorMapper.plain(message, status));
        }
    }
}
