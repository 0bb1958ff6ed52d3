package org.dump.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.crypto.IndexSignature;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves this node's repository to its peers, read-only: {@code GET /repository} lists the publishers' indexes and
 * the bundles held, {@code GET /repository/PUBLISHER/index.xml} and {@code …/index.xml.sig} are a publisher's
 * index and signature byte for byte as the publisher made them, {@code GET /repository/bundles/SHA256.jar} a
 * bundle. Open to anyone: everything here is signed by its publisher and checked by whoever takes it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dump-repository")
@HttpWhiteboardServletPattern({"/repository", "/repository/*"})
public final class RepositoryServlet extends HttpServlet {

    static final String BUNDLES = "bundles";
    private static final long serialVersionUID = 1L;

    private final transient NodeRepository repository;

    @Activate
    public RepositoryServlet(@Reference NodeRepository repository) {
        this.repository = repository;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String[] parts = path.substring(1).split("/", -1);
        Holdings holdings = repository.holdings();
        if (path.equals("/")) {
            listing(holdings, response);
        } else if (parts.length == 2 && parts[0].equals(BUNDLES) && parts[1].endsWith(".jar")) {
            Optional<Path> bundle = holdings.bundle(parts[1].substring(0, parts[1].length() - 4));
            if (bundle.isEmpty()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such bundle here");
                return;
            }
            response.setContentType("application/vnd.osgi.bundle");
            response.setContentLengthLong(Files.size(bundle.get()));
            Files.copy(bundle.get(), response.getOutputStream());
        } else if (parts.length == 2 && (parts[1].equals("index.xml") || parts[1].equals(IndexSignature.FILE_NAME))) {
            Optional<SignedIndex> index = holdings.index(parts[0]);
            if (index.isEmpty()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no index of that publisher here");
                return;
            }
            byte[] body = parts[1].equals("index.xml") ? index.get().xml()
                    : index.get().signature().toText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            response.setContentType(parts[1].equals("index.xml") ? "application/xml" : "text/plain; charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** {@code {"publishers":[{"fingerprint":…,"increment":…}],"bundles":[sha256…]}} */
    private static void listing(Holdings holdings, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> publishers = new ArrayList<>();
        for (SignedIndex index : holdings.indexes()) {
            Map<String, Object> publisher = new LinkedHashMap<>();
            publisher.put("fingerprint", index.fingerprint());
            publisher.put("increment", index.increment());
            publishers.add(publisher);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publishers", publishers);
        body.put(BUNDLES, new TreeSet<>(holdings.digests()));
        response.setContentType("application/json");
        RepositoryHttp.JSON.writeValue(response.getOutputStream(), body);
    }
}
