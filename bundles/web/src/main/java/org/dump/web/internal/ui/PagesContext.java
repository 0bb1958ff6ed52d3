package org.dump.web.internal.ui;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The whiteboard context of the node's pages ({@link StaticPages}), apart from the default context of the node's
 * other servlets. Pax Web 8.0.34 caches the filter chain of each path under the name of the servlet's context and the
 * path, not under the servlet. A request that comes while the servlets are being registered, as on a node that
 * restarts while peers and users call it, is served by the catch-all {@code /}; when its chain is stored after the
 * more specific servlet (the API's {@code /api/*}) has arrived, that path kept answering the pages' 404 until the
 * node stopped. In a context of its own, the catch-all's chains are cached under another name and never served for a
 * path that another servlet maps.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE,
        property = PagesContext.DUMP_CONTEXT + "=true")
@HttpWhiteboardContext(name = PagesContext.NAME, path = "/")
public final class PagesContext extends ServletContextHelper {

    /** The context's name, as servlets select it. */
    public static final String NAME = "dump-pages";
    /** Marks the node's own whiteboard contexts, so that filters meant for all of them can select them. */
    public static final String DUMP_CONTEXT = "dump.http.context";
}
