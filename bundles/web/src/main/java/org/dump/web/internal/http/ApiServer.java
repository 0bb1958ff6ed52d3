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
import org.dump.web.internal.rest.AdminResource;
import org.dump.web.internal.rest.ApiDescriptionResource;
import org.dump.web.internal.rest.GrantedProfileResource;
import org.dump.web.internal.rest.ModulesResource;
import org.dump.web.internal.rest.MyProfileResource;
import org.dump.web.internal.rest.NodeResource;
import org.dump.web.internal.rest.PageScriptResource;
import org.dump.web.internal.rest.ProfileRequestResource;
import org.dump.web.internal.rest.SessionResource;
import org.dump.web.internal.rest.UserResource;
import org.dump.web.internal.security.ActingUserBinding;
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
 * when every resource and filter is there: the API is served whole or not at all. Modules' resources are mounted
 * beside it, each module on an address of its own ({@link #mount}).
 */
@Component(service = ApiServer.class, immediate = true)
public final class ApiServer {

    /** Where the API is mounted on the node's HTTP port. */
    public static final String PATH = "/api";

    private final Bus bus;
    private final HTTPTransportFactory transport;
    private final List<Object> providers;
    private final Server server;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public ApiServer(BundleContext context, @Reference NodeResource node, @Reference UserResource users,
            @Reference SessionResource session, @Reference MyProfileResource me, @Reference AdminResource admin,
            @Reference ApiDescriptionResource description, @Reference ModulesResource modules,
            @Reference ProfileRequestResource profileRequests, @Reference GrantedProfileResource grantedProfiles,
            @Reference PageScriptResource pageScript,
            @Reference Authentication authentication,
            @Reference RequestSizeLimit sizeLimit, @Reference ActingUserBinding acting) {
        DestinationRegistry destinations = new DestinationRegistryImpl();
        transport = new HTTPTransportFactory(destinations);
        providers = List.of(new JsonProvider(), new ErrorMapper(), new SecurityHeaders(), authentication, sizeLimit,
                acting);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // CXF looks up some of its parts through the context class loader; ours sees all of them.
        Thread.currentThread().setContextClassLoader(ApiServer.class.getClassLoader());
        try {
            bus = BusFactory.newInstance().createBus();
            server = create("/", List.of(node, users, session, me, admin, description, modules, profileRequests,
                    grantedProfiles, pageScript));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        ApiServlet cxfServlet = new ApiServlet(destinations, acting);
        cxfServlet.setBus(bus);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PATH + "/*");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "dump-api");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_INIT_PARAM_PREFIX + "hide-service-list-page", "true");
        servlet = context.registerService(Servlet.class, cxfServlet, properties);
    }

    /**
     * Serves {@code resources} under {@code address} (relative to {@code /api}), with the API's own JSON, error,
     * security and authentication providers.
     *
     * @return the server; destroy it to stop serving them
     */
    public Server mount(String address, List<Object> resources) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(ApiServer.class.getClassLoader());
        try {
            return create(address, resources);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private Server create(String address, List<Object> resources) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress(address);
        factory.setDestinationFactory(transport);
        factory.setServiceBeans(resources);
        factory.setProviders(providers);
        return factory.create();
    }

    @Deactivate
    void stop() {
        servlet.unregister();
        server.destroy();
        bus.shutdown(true);
    }
}
