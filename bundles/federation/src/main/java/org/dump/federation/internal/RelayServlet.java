package org.dump.federation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.node.identity.PublicAddress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's HTTP side (protocol §13): {@code POST /relay/attach}, {@code /relay/answer}, {@code /relay/dial-back},
 * and {@code GET|POST|HEAD /relay/<node id>/<path>}. Only HTTP is done here; {@link RelayEndpoints} decides. Whatever
 * waits (a poll, a caller, a dial-back) waits asynchronously: the request is put aside ({@link AsyncContext}) and
 * written when its future completes, so that no thread of the web server is held while nothing happens and a relay's
 * own users are never slowed by its clients. Bodies are read up to their limits before anything waits.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("dump-relay")
@HttpWhiteboardServletPattern("/relay/*")
@HttpWhiteboardServletAsyncSupported
public final class RelayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RelayServlet.class);
    private static final Set<String> SIGNED = Set.of("/attach", "/answer", "/dial-back");
    private static final Set<String> RELAYED_METHODS = Set.of("GET", "POST", "HEAD");
    private static final Pattern NODE_ID = Pattern.compile("[a-z2-7]{1,64}");

    private final transient NodeRelay relay;
    private final transient PublicAddress publicAddress;

    @Activate
    public RelayServlet(@Reference NodeRelay relay, @Reference PublicAddress publicAddress) {
        this.relay = relay;
        this.publicAddress = publicAddress;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rest = rawPathInfo(request);
        try {
            if (SIGNED.contains(rest)) {
                signed(rest, request, response);
            } else {
                relayed(rest, request, response);
            }
        } catch (RelayRefusal refusal) {
            if (refusal.status() == 413 || refusal.status() == 401) {
                // The rest of the body may not have been read: the connection ends here, and says so.
                response.setHeader("Connection", "close");
            }
            write(response, refusal.answer(), false);
        }
    }

    private void signed(String endpoint, HttpServletRequest request, HttpServletResponse response)
            throws IOException, RelayRefusal {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            throw new RelayRefusal(405, "only POST");
        }
        RelayEndpoints endpoints = relay.endpoints();
        endpoints.precheck(endpoint, request::getHeader);
        byte[] body = body(request, "/answer".equals(endpoint) ? RelayEndpoints.MAX_ANSWER_REQUEST
                : RelayEndpoints.MAX_SMALL_BODY);
        RelayEndpoints.Signed signed = new RelayEndpoints.Signed("POST", RelayedTarget.received(request, publicAddress),
                request::getHeader, body);
        switch (endpoint) {
            case "/attach" -> {
                CompletableFuture<List<RelayedRequest>> poll = endpoints.attach(signed);
                String client = RequestSignatures.claimedSigner(request::getHeader).orElseThrow();
                later(request, response, poll, requests -> RelayAnswer.json(200,
                        Map.of("requests", requests.stream().map(RelayedRequest::wire).toList())),
                        requests -> relay.undelivered(client, requests), false);
            }
            case "/answer" -> write(response, endpoints.answer(signed), false);
            default -> later(request, response, endpoints.dialBack(signed), answer -> answer, answer -> {
            }, false);
        }
    }

    private void relayed(String rest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, RelayRefusal {
        int slash = rest.indexOf('/', 1);
        String nodeId = slash < 0 ? rest.substring(Math.min(1, rest.length())) : rest.substring(1, slash);
        if (slash < 0 || !NODE_ID.matcher(nodeId).matches()) {
            throw new RelayRefusal(404, "no such relay endpoint: /relay/<node id>/<path> relays to a node");
        }
        if (!RELAYED_METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST");
            throw new RelayRefusal(405, "a relay passes on GET, HEAD and POST only");
        }
        RelayEndpoints endpoints = relay.endpoints();
        endpoints.precheckRelay(nodeId);
        byte[] body = body(request, RelayEndpoints.MAX_RELAYED_BODY);
        String path = rest.substring(slash) + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        CompletableFuture<RelayAnswer> answer = endpoints.relay(nodeId, request.getMethod(), path,
                Collections.list(request.getHeaderNames()),
                name -> String.join(", ", Collections.list(request.getHeaders(name))), body);
        later(request, response, answer, a -> a, a -> {
        }, "HEAD".equals(request.getMethod()));
    }

    /**
     * Puts the request aside until {@code outcome} completes, then writes its answer on a thread of the web server.
     *
     * @param lost told what could not be written (the caller went away), so that it can be given to another
     */
    private static <T> void later(HttpServletRequest request, HttpServletResponse response,
            CompletableFuture<T> outcome, java.util.function.Function<T, RelayAnswer> answer, Consumer<T> lost,
            boolean head) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // every wait has its own deadline (RelayHub, DialBack)
        async.addListener(new AsyncListener() {
            @Override
            public void onError(AsyncEvent event) {
                outcome.cancel(false); // a poll whose connection is gone is handed nothing more
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }
        });
        outcome.whenComplete((result, failure) -> {
            try {
                async.start(() -> {
                    try {
                        write((HttpServletResponse) async.getResponse(), result != null ? answer.apply(result)
                                : RelayAnswer.message(502, "the relay could not answer: " + failure), head);
                    } catch (IOException | RuntimeException gone) {
                        LOG.debug("A relay answer could not be written: {}", gone.toString());
                        if (result != null) {
                            lost.accept(result);
                        }
                    } finally {
                        async.complete();
                    }
                });
            } catch (IllegalStateException over) {
                if (result != null) {
                    lost.accept(result); // the request ended meanwhile (its connection failed)
                }
            }
        });
    }

    private static byte[] body(HttpServletRequest request, int max) throws IOException, RelayRefusal {
        if (request.getContentLengthLong() <= max) {
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(max + 1);
            }
            if (body.length <= max) {
                return body;
            }
        }
        throw new RelayRefusal(413, "at most " + max + " bytes of body here");
    }

    private static void write(HttpServletResponse response, RelayAnswer answer, boolean head) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.status() == 204 || answer.status() == 304) {
            return; // no body, by definition
        }
        response.setContentLengthLong(answer.body().length);
        if (!head) {
            response.getOutputStream().write(answer.body());
        }
    }

    /** @return the path after {@code /relay} as sent, not decoded: a relayed path passes on exactly */
    private static String rawPathInfo(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + request.getServletPath();
        return uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri.substring(uri.indexOf("/relay") + 6);
    }
}
