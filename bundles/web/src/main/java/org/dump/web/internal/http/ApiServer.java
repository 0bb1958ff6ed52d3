package org.dump.web.internal.http;

import java.util.Hashtable;
import java.util.List;

import javax.servlet.Servlet;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.http.DestinationRegistryImpl;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.dump.web.internal.rest.AdminResource;
import org.dump.web.internal.rest.ApiDescriptionResource;
import org.dump.web.internal.rest.MyProfileResource;
import org.dump.web.internal.rest.NodeResource;
import org.dump.web.internal.rest.SessionResource;
import org.dump.web.internal.rest.UserResource;
import org.dump.web.internal.security.Authentication;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;

/**
 * Serves the node's REST API under {@code /api}: one CXF JAX-RS server with every resource of this bundle, behind a
 * CXF servlet that this component registers with the HTTP whiteboard. The node owns its bus, its servlet and its
 * address space, so nothing outside this bundle can mount a resource under {@code /api} by accident. It starts only
 * when every resource and filter is there: the API is served whole or not at all.
 */
@Component(immediate = true)
public final class ApiServer {

    /** Where the API is mounted on the node's HTTP port. */
    public static final String PATH = "/api";

    private final Bus bus;
    private final Server server;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public ApiServer(BundleContext context, @Reference NodeResource node, @Reference UserResource users,
            @Reference SessionResource session, @Reference MyProfileResource me, @Reference AdminResource admin,
            @Reference ApiDescriptionResource description, @Reference Authentication authentication,
            @Reference RequestSizeLimit sizeLimit) {
        DestinationRegistry destinations = new DestinationRegistryImpl();
        HTTPTransportFactory transport = new HTTPTransportFactory(destinations);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // CXF looks up some of its parts through the context class loader; ours sees all of them.
        Thread.currentThread().setContextClassLoader(ApiServer.class.getClassLoader());
        try {
            bus = BusFactory.newInstance().createBus();
            JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
            factory.setBus(bus);
            factory.setAddress("/");
            factory.setDestinationFactory(transport);
            factory.setServiceBeans(List.of(node, users, session, me, admin, description));
            factory.setProviders(List.of(new JsonProvider(), new ErrorMapper(), new SecurityHeaders(), authentication,
                    sizeLimit));
            server = factory.create();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        CXFNonSpringServlet cxfServlet = new CXFNonSpringServlet(destinations, false);
        cxfServlet.setBus(bus);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PATH + "/*");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "dump-api");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_INIT_PARAM_PREFIX + "hide-service-list-page", "true");
        servlet = context.registerService(Servlet.class, cxfServlet, properties);
    }

    @Deactivate
    void stop() {
        servlet.unregister();
        server.destroy();
        bus.shutdown(true);
    }
}
