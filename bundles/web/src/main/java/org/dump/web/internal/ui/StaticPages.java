package org.dump.web.internal.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The node's own pages, served from this bundle's {@code /ui} folder for every path the REST API does not claim.
 * Only the files listed here are served, each with its type and headers that keep other sites from framing or
 * scripting them. Browsers check with the node before they use a copy they hold (the files change when the bundle
 * is updated), and get 304 when it is still good: the files' time is the bundle's. The node's HTTP server
 * compresses them (etc/jetty.xml).
 */
@Component(service = Servlet.class)
// Not in the default context: PagesContext says why.
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + PagesContext.NAME + ")")
// Every servlet of the default context needs a name of its own, or Pax Web keeps all but the first one waiting.
@HttpWhiteboardServletName("dump-pages")
@HttpWhiteboardServletPattern("/")
public final class StaticPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The files of /ui, with their types: a file not listed here is not served. */
    static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("/index.html", "text/html; charset=utf-8"),
            Map.entry("/dump.css", "text/css; charset=utf-8"),
            Map.entry("/first-view.js", "text/javascript; charset=utf-8"),
            Map.entry("/dump.js", "text/javascript; charset=utf-8"),
            Map.entry("/frame.js", "text/javascript; charset=utf-8"),
            Map.entry("/http.js", "text/javascript; charset=utf-8"),
            Map.entry("/dom.js", "text/javascript; charset=utf-8"),
            Map.entry("/profile.js", "text/javascript; charset=utf-8"),
            Map.entry("/requests.js", "text/javascript; charset=utf-8"),
            Map.entry("/favicon.ico", "image/x-icon"));

    private final long lastModified;

    @Activate
    public StaticPages(BundleContext context) {
        // In whole seconds, as HTTP dates are: else a browser's If-Modified-Since always seems older.
        this.lastModified = context.getBundle().getLastModified() / 1000 * 1000;
    }

    @Override
    protected long getLastModified(HttpServletRequest request) {
        // HttpServlet answers a GET whose If-Modified-Since is not older than this with 304, and sets Last-Modified.
        return FILES.containsKey(path(request)) ? lastModified : -1;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = path(request);
        String type = FILES.get(path);
        if (type == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "nothing here");
            return;
        }
        response.setContentType(type);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
        response.setHeader("Referrer-Policy", "same-origin");
        // The icon changes with the bundle at most; browsers ask for it on every page otherwise.
        response.setHeader("Cache-Control", path.endsWith(".ico") ? "public, max-age=86400" : "no-cache");
        try (InputStream file = StaticPages.class.getResourceAsStream("/ui" + path)) {
            if (file == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "nothing here");
                return;
            }
            file.transferTo(response.getOutputStream());
        }
    }

    /** @return the file a request asks for: {@code /index.html} for the root */
    private static String path(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? request.getServletPath()
                : request.getServletPath() + request.getPathInfo();
        return path.isEmpty() || "/".equals(path) ? "/index.html" : path;
    }
}
