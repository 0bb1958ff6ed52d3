package org.dump.web.internal.rest;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.dump.node.module.ModuleRegistry;
import org.dump.web.internal.module.ModuleApis;
import org.dump.web.internal.module.ModulePages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/modules}: the modules running on this node, with their pages and the root under which their
 * REST resources are mounted. The user interface builds its navigation from it.
 */
@Component(service = ModulesResource.class)
@Path("modules")
@Produces(MediaType.APPLICATION_JSON)
public final class ModulesResource {

    private final ModuleRegistry modules;
    private final ModulePages pages;

    @Activate
    public ModulesResource(@Reference ModuleRegistry modules, @Reference ModulePages pages) {
        this.modules = modules;
        this.pages = pages;
    }

    @GET
    public List<Views.RunningModuleView> list() {
        List<ModulePages.Listed> listed = pages.listed();
        return modules.running().stream().map(m -> new Views.RunningModuleView(m.id(), m.bundleVersion().toString(),
                m.dataVersion().toString(), m.symbolicName(),
                "/api" + ModuleApis.ADDRESS + m.id() + "/",
                listed.stream().filter(p -> p.module().equals(m.id()))
                        .map(p -> new Views.PageView(p.name(), p.title(), p.url())).toList()))
                .toList();
    }
}
