package org.dump.web.internal.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The node's own pages, served from this bundle's {@code /ui} folder for every path the REST API does not claim.
 * Only the files listed here are served, each with its type and headers that keep other sites from framing or
 * scripting them.
 */
@Component(service = Servlet.class)
// Every servlet of the default context needs a name of its own, or Pax Web keeps all but the first one waiting.
@HttpWhiteboardServletName("dump-pages")
@HttpWhiteboardServletPattern("/")
public final class StaticPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The files of /ui, with their types: a file not listed here is not served. */
    static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/dump.css", "text/css; charset=utf-8",
            "/dump.js", "text/javascript; charset=utf-8",
            "/http.js", "text/javascript; charset=utf-8",
            "/dom.js", "text/javascript; charset=utf-8",
            "/profile.js", "text/javascript; charset=utf-8",
            "/requests.js", "text/javascript; charset=utf-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
        if (path.isEmpty() || "/".equals(path)) {
            path = "/index.html";
        }
        String type = FILES.get(path);
        if (type == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "nothing here");
            return;
        }
        response.setContentType(type);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream file = StaticPages.class.getResourceAsStream("/ui" + path)) {
            if (file == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "nothing here");
                return;
            }
            file.transferTo(response.getOutputStream());
        }
    }
}
