package org.dump.federation.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The whiteboard context of {@link ProfileConsentServlet}, whose {@code /federation/profiles/*} lies inside
 * {@link FederationServlet}'s {@code /federation/*}. Pax Web 8.0.34 caches a path's filter chain under the servlet's
 * context and the path: a consent message that arrived while the two servlets were being registered could leave
 * the records servlet's chain cached for {@code /federation/profiles/requests}, and every later message was then
 * refused with 404, which the sender takes as final. Separate contexts keep the two servlets' chains apart (the web
 * bundle's {@code PagesContext} says more).
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE,
        property = ConsentContext.DUMP_CONTEXT + "=true")
@HttpWhiteboardContext(name = ConsentContext.NAME, path = "/")
public final class ConsentContext extends ServletContextHelper {

    /** The context's name, as the servlet selects it. */
    public static final String NAME = "dump-federation-profiles";
    /** Marks the node's own whiteboard contexts (the web bundle's filters for all of them select on it). */
    static final String DUMP_CONTEXT = "dump.http.context";
}
