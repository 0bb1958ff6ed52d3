package org.dump.web.internal.rest;

import java.io.InputStream;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3 description of every endpoint of this node. Written by hand next to
 * the resources; a unit test fails when an endpoint is missing from it.
 */
@Component(service = ApiDescriptionResource.class)
@Path("openapi.json")
public final class ApiDescriptionResource {

    static final String LOCATION = "/api/openapi.json";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public InputStream description() {
        return ApiDescriptionResource.class.getResourceAsStream(LOCATION);
    }
}
