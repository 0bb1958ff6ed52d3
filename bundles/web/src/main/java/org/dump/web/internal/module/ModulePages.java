package org.dump.web.internal.module;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.api.module.ModuleNamespace;
import org.dump.api.web.ModulePage;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard of modules' pages: serves the files of every {@link ModulePage} of a running module at
 * {@code /modules/{module}/{page}/...} straight from the module bundle, and tells the node's user interface which
 * pages there are. A page whose module stopped is gone at once: every request looks the page up again.
 */
@Component(service = {Servlet.class, ModulePages.class})
// Every servlet of the default context needs a name of its own, or Pax Web keeps all but the first one waiting.
@HttpWhiteboardServletName("dump-module-pages")
@HttpWhiteboardServletPattern(ModulePages.PATH + "/*")
public final class ModulePages extends HttpServlet {

    /** Where module pages are served. */
    public static final String PATH = "/modules";

    /** A page as the user interface lists it. */
    public record Listed(String module, String name, String title, String url) {
    }

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModulePages.class);
    private static final Pattern NAME = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final transient ModuleRegistry modules;
    private final transient Map<ModulePage, ServiceReference<ModulePage>> pages = new ConcurrentHashMap<>();

    @Activate
    public ModulePages(@Reference ModuleRegistry modules) {
        this.modules = modules;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPage(ModulePage page, ServiceReference<ModulePage> reference) {
        if (!NAME.matcher(String.valueOf(page.name())).matches()) {
            LOG.warn("Page '{}' of bundle {} is not served: a page name matches {}", page.name(),
                    reference.getBundle() == null ? "(gone)" : reference.getBundle().getSymbolicName(),
                    ModuleNamespace.ID_PATTERN);
            return;
        }
        pages.put(page, reference);
    }

    void removePage(ModulePage page) {
        pages.remove(page);
    }

    /** @return the pages of running modules, by module and name */
    public List<Listed> listed() {
        List<Listed> listed = new ArrayList<>();
        pages.forEach((page, reference) -> moduleOf(reference).ifPresent(module -> listed.add(new Listed(module.id(),
                page.name(), page.title(), PATH + "/" + module.id() + "/" + page.name() + "/"))));
        listed.sort(Comparator.comparing(Listed::module).thenComparing(Listed::name));
        return listed;
    }

    @Override
    protected long getLastModified(HttpServletRequest request) {
        // A page's files change only with its bundle: a browser that holds them gets 304 (HttpServlet does that).
        String[] parts = parts(request);
        return parts.length < 4 || !parts[0].isEmpty() ? -1
                : find(parts[1], parts[2]).map(page -> page.getValue().getLastModified() / 1000 * 1000).orElse(-1L);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = parts(request);
        if (parts.length < 3 || !parts[0].isEmpty()) {
            notFound(response);
            return;
        }
        if (parts.length == 3) {
            // /modules/market/listings → /modules/market/listings/, so that the page's relative links work
            response.sendRedirect(request.getContextPath() + PATH + path + "/");
            return;
        }
        Optional<Map.Entry<ModulePage, Bundle>> page = find(parts[1], parts[2]);
        String file = parts[3].isEmpty() ? "index.html" : parts[3];
        if (page.isEmpty() || !FILE.matcher(file).matches() || file.contains("..")) {
            notFound(response);
            return;
        }
        String folder = page.get().getKey().folder();
        String entry = (folder.endsWith("/") ? folder : folder + "/") + file;
        URL url = page.get().getValue().getEntry(entry.startsWith("/") ? entry : "/" + entry);
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (url == null || type == null) {
            notFound(response);
            return;
        }
        response.setContentType(type);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // The page runs in the node's origin and may be framed by the node's own user interface only.
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'self'; form-action 'self'");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = url.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    /** @return the parts of the path below /modules: "", module, page and (if there is one) file */
    private static String[] parts(HttpServletRequest request) {
        return (request.getPathInfo() == null ? "" : request.getPathInfo()).split("/", 4);
    }

    private Optional<Map.Entry<ModulePage, Bundle>> find(String module, String name) {
        for (Map.Entry<ModulePage, ServiceReference<ModulePage>> entry : pages.entrySet()) {
            Bundle bundle = entry.getValue().getBundle();
            if (bundle != null && name.equals(entry.getKey().name())
                    && moduleOf(entry.getValue()).map(m -> m.id().equals(module)).orElse(false)) {
                return Optional.of(Map.entry(entry.getKey(), bundle));
            }
        }
        return Optional.empty();
    }

    private Optional<RunningModule> moduleOf(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle == null ? Optional.empty() : modules.moduleOf(bundle);
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such page: is the module running?");
    }
}
