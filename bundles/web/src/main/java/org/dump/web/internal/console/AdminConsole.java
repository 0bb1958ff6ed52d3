package org.dump.web.internal.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The DUMP section of the Karaf web console, at {@code /system/console/dump}. It is a plain servlet with the web
 * console's plugin properties, not a subclass of the console's classes: this bundle needs nothing of the console
 * and the console finds the plugin when it is there. The console signs the administrator in (Karaf JAAS, realm
 * {@code dump}, role {@code admin}) and draws its frame around the page; this servlet checks again that the caller is
 * an administrator of the node, serves the page, its script and style, the sections' JSON, and their actions, each
 * action only after {@link ConsoleGuard} let it through.
 *
 * <p>URLs, below {@code /system/console/dump}: {@code GET} the page itself; {@code GET /res/console.js} and
 * {@code /res/console.css}; {@code GET /SECTION.json}; {@code POST /SECTION/ACTION} with a form body. The web
 * console frames every GET whose last segment has no extension, hence the {@code .json}.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + AdminConsole.LABEL,
        "felix.webconsole.title=DUMP",
        "felix.webconsole.category=DUMP",
        "felix.webconsole.css=/" + AdminConsole.LABEL + "/res/console.css"})
public final class AdminConsole extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminConsole.class);

    static final String LABEL = "dump";
    /** Set by the web console's security provider to the signed-in user's name. */
    static final String USER_ATTRIBUTE = "org.apache.felix.webconsole.user";

    private static final Pattern READ = Pattern.compile("/([a-z]+)\\.json");
    private static final Pattern ACT = Pattern.compile("/([a-z]+)/([a-z-]+)");
    private static final List<String> RESOURCES = List.of("console.js", "console.css");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final transient AccountService accounts;
    private final transient ConsoleGuard guard = new ConsoleGuard();

    /** The sections there are now; they come and go with the federation and repository bundles. */
    @Reference(service = ConsoleSection.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ConsoleSection> sections;

    @Activate
    public AdminConsole(@Reference AccountService accounts) {
        this.accounts = accounts;
    }

    /**
     * The web console asks every plugin for a resource before it renders a page (by reflection, by this name): the
     * script and style of the page, and nothing else.
     */
    public URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        if (path == null || !path.startsWith(prefix) || !RESOURCES.contains(path.substring(prefix.length()))) {
            return null;
        }
        return AdminConsole.class.getResource("/console/" + path.substring(prefix.length()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        Optional<Account> caller = caller(request);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"dump\"");
            error(response, HttpServletResponse.SC_UNAUTHORIZED, "sign in as an administrator of this node");
            return;
        }
        if (!caller.get().isAdmin()) {
            error(response, HttpServletResponse.SC_FORBIDDEN, "only administrators of this node may use the console");
            return;
        }
        String path = within(request);
        switch (request.getMethod()) {
            case "GET" -> get(request, response, caller.get(), path);
            case "POST" -> post(request, response, caller.get(), path);
            default -> {
                response.setHeader("Allow", "GET, POST");
                error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET and POST");
            }
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response, Account caller, String path)
            throws IOException {
        if (path.isEmpty() || "/".equals(path)) {
            page(request, response, caller);
            return;
        }
        Matcher read = READ.matcher(path);
        Optional<ConsoleSection> section = read.matches() ? section(read.group(1)) : Optional.empty();
        if (section.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such part of the console: " + path);
            return;
        }
        json(response, 200, section.get().read(query(request)));
    }

    private void post(HttpServletRequest request, HttpServletResponse response, Account caller, String path)
            throws IOException {
        Optional<String> refusal = guard.refusal(request.getMethod(), caller.username(), request.getHeader("Host"),
                request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getHeader(ConsoleGuard.TOKEN_HEADER));
        if (refusal.isPresent()) {
            LOG.warn("Refused console action {} by '{}': {}", path, caller.username(), refusal.get());
            error(response, HttpServletResponse.SC_FORBIDDEN, refusal.get());
            return;
        }
        Matcher act = ACT.matcher(path);
        Optional<ConsoleSection> section = act.matches() ? section(act.group(1)) : Optional.empty();
        if (section.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "no such action: " + path);
            return;
        }
        try {
            LOG.info("Console action {} by '{}'", path, caller.username());
            ConsoleSection.Answer answer = section.get().act(act.group(2), query(request));
            json(response, answer.status(), answer.body());
        } catch (IllegalArgumentException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
    }

    /** The page: empty sections that the script fills from the JSON, with the token for changes. */
    private void page(HttpServletRequest request, HttpServletResponse response, Account caller) throws IOException {
        String root = String.valueOf(request.getAttribute("felix.webconsole.pluginRoot"));
        if ("null".equals(root)) {
            root = request.getContextPath() + request.getServletPath() + "/" + LABEL;
        }
        List<String> present = sections().stream().map(ConsoleSection::name).toList();
        PrintWriter out = response.getWriter();
        out.println("<div id=\"dump-console\" data-root=\"" + Html.attribute(root) + "\" data-token=\""
                + Html.attribute(guard.tokenFor(caller.username())) + "\" data-sections=\""
                + Html.attribute(String.join(" ", present)) + "\">");
        out.println(Html.skeleton(Html.text(caller.username())));
        out.println("</div>");
        out.println("<script src=\"" + Html.attribute(root) + "/res/console.js\"></script>");
    }

    private Optional<ConsoleSection> section(String name) {
        return sections().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private List<ConsoleSection> sections() {
        List<ConsoleSection> now = sections;
        return now == null ? List.of() : now;
    }

    private Optional<Account> caller(HttpServletRequest request) {
        Object user = request.getAttribute(USER_ATTRIBUTE);
        String name = user != null ? user.toString() : request.getRemoteUser();
        return name == null || name.isBlank() ? Optional.empty() : accounts.find(name);
    }

    /** @return the path below the plugin, e.g. {@code /modules.json}; the console hands us {@code /dump/...} */
    private static String within(HttpServletRequest request) {
        String info = request.getPathInfo() == null ? "" : request.getPathInfo();
        String prefix = "/" + LABEL;
        return info.startsWith(prefix) ? info.substring(prefix.length()) : info;
    }

    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> values = new HashMap<>();
        request.getParameterMap().forEach((name, given) -> {
            if (given.length > 0) {
                values.put(name, given[0]);
            }
        });
        return values;
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        // The writer, not the stream: on a page GET the web console has already written its frame through it.
        JSON.writeValue(response.getWriter(), body);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, Map.of("status", status, "message", message));
    }
}
