package org.dump.web.internal.http;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

import org.dump.node.identity.PublicAddress;
import org.dump.web.internal.ui.PagesContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Tells browsers to come back over https only ({@code Strict-Transport-Security}, RFC 6797) on every answer of the
 * node's servlets (API, federation, repository, relay in the whiteboard's default context; pages and profiles by
 * consent in contexts of their own, marked {@code dump.http.context}) when the node's public
 * address is https. A node reached over plain http sends nothing: a browser ignores the header there anyway, and a
 * node on a laptop must stay reachable over http.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("dump-strict-transport")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(|(osgi.http.whiteboard.context.name=default)(" + PagesContext.DUMP_CONTEXT + "=true))")
// The relay's servlet answers asynchronously: a filter in front of it that does not say it may is refused by Jetty.
@HttpWhiteboardFilterAsyncSupported
public final class StrictTransport implements Filter {

    /** A year, as browsers' preload lists ask for; no includeSubDomains: the node does not speak for its neighbours. */
    static final String HEADER_VALUE = "max-age=31536000";

    private final PublicAddress publicAddress;

    @Activate
    public StrictTransport(@Reference PublicAddress publicAddress) {
        this.publicAddress = publicAddress;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (publicAddress.https() && response instanceof HttpServletResponse http) {
            http.setHeader("Strict-Transport-Security", HEADER_VALUE);
        }
        chain.doFilter(request, response);
    }
}
