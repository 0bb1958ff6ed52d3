package org.dump.web.internal.module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.cxf.endpoint.Server;
import org.dump.api.web.ModuleResource;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.dump.web.internal.http.ApiServer;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard of modules' REST resources: every {@link ModuleResource} service of a running module is served
 * under {@code /api/modules/{module}/}. Each module gets a JAX-RS server of its own, made again whenever one of its
 * resources comes or goes, so a module that stops takes all its endpoints with it at once.
 */
@Component(service = ModuleApis.class, immediate = true)
public final class ModuleApis {

    /** Where modules' resources are mounted, below the API's own path. */
    public static final String ADDRESS = "/modules/";

    private static final Logger LOG = LoggerFactory.getLogger(ModuleApis.class);

    private final ApiServer api;
    private final ModuleRegistry modules;
    /** Resources by module id, and the server that serves them. */
    private final Map<String, Map<ModuleResource, ServiceReference<ModuleResource>>> resources = new HashMap<>();
    private final Map<String, Server> servers = new HashMap<>();
    /** False once deactivated: resources that leave while DS takes the component down need no remount. */
    private boolean active = true;

    @Activate
    public ModuleApis(@Reference ApiServer api, @Reference ModuleRegistry modules) {
        this.api = api;
        this.modules = modules;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addResource(ModuleResource resource, ServiceReference<ModuleResource> reference) {
        Optional<RunningModule> module = moduleOf(reference);
        if (module.isEmpty()) {
            LOG.warn("{} of bundle {} is a ModuleResource, but its bundle runs no module: not served",
                    resource.getClass().getName(), bundleName(reference));
            return;
        }
        resources.computeIfAbsent(module.get().id(), id -> new LinkedHashMap<>()).put(resource, reference);
        if (active) {
            remount(module.get().id());
        }
    }

    synchronized void removeResource(ModuleResource resource) {
        for (Map.Entry<String, Map<ModuleResource, ServiceReference<ModuleResource>>> entry : resources.entrySet()) {
            if (entry.getValue().remove(resource) != null) {
                String module = entry.getKey();
                if (entry.getValue().isEmpty()) {
                    resources.remove(module);
                }
                if (active) {
                    remount(module);
                }
                return;
            }
        }
    }

    @Deactivate
    synchronized void stop() {
        active = false;
        servers.values().forEach(Server::destroy);
        servers.clear();
    }

    private void remount(String module) {
        Server old = servers.remove(module);
        if (old != null) {
            old.destroy();
        }
        Map<ModuleResource, ServiceReference<ModuleResource>> current = resources.get(module);
        if (current == null || current.isEmpty()) {
            LOG.info("Module {} has no REST resources any more", module);
            return;
        }
        try {
            servers.put(module, api.mount(ADDRESS + module, new ArrayList<>(current.keySet())));
            LOG.info("Module {}: {} REST resource(s) served under /api{}{}", module, current.size(), ADDRESS, module);
        } catch (RuntimeException e) {
            LOG.error("Module {}: its REST resources cannot be served", module, e);
        }
    }

    private Optional<RunningModule> moduleOf(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle == null ? Optional.empty() : modules.moduleOf(bundle);
    }

    private static String bundleName(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle == null ? "(gone)" : bundle.getSymbolicName();
    }
}
