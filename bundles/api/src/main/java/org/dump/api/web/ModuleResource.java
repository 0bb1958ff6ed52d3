package org.dump.api.web;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Marks a JAX-RS resource of a module. Register the resource object as an OSGi service of this type, e.g. a DS
 * component with {@code service = ModuleResource.class}; the node mounts its {@code @Path} under
 * {@code /api/modules/{module}/}. JSON bodies are read and written by the node (Jackson, public fields or getters);
 * the node authenticates the caller before the resource runs, and the resource learns who that is through
 * {@link org.dump.api.author.ActingUser}. Exceptions of the record store become JSON errors with a fitting status
 * (404, 403, 400, 413); so do {@code javax.ws.rs.WebApplicationException}s.
 */
@ConsumerType
public interface ModuleResource {
}
