package org.dump.web.internal.rest;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAPI description served at /api/openapi.json is written by hand; this test keeps it honest: every
 * endpoint of every resource is described, and nothing is described that no resource serves.
 */
public class ApiDescriptionTest {

    private static final List<Class<?>> RESOURCES = List.of(NodeResource.class, UserResource.class,
            SessionResource.class, MyProfileResource.class, AdminResource.class, ApiDescriptionResource.class,
            ModulesResource.class, ProfileRequestResource.class, GrantedProfileResource.class,
            PageScriptResource.class);

    private static final List<Class<? extends Annotation>> METHODS = List.of(GET.class, POST.class, PUT.class,
            DELETE.class);

    @Test
    public void theDescriptionListsExactlyTheEndpointsTheResourcesServe() throws IOException {
        assertEquals(served(), described());
    }

    @Test
    public void everyDescribedOperationHasASummaryAndResponses() throws IOException {
        JsonNode paths = description().get("paths");
        for (Iterator<String> names = paths.fieldNames(); names.hasNext();) {
            String path = names.next();
            for (Iterator<java.util.Map.Entry<String, JsonNode>> operations = paths.get(path).fields(); operations.hasNext();) {
                java.util.Map.Entry<String, JsonNode> operation = operations.next();
                if ("parameters".equals(operation.getKey())) {
                    continue;
                }
                String where = operation.getKey() + " " + path;
                assertEquals(where + " has a summary", true, operation.getValue().hasNonNull("summary"));
                assertEquals(where + " has responses", true, operation.getValue().get("responses").size() > 0);
            }
        }
    }

    private static Set<String> served() {
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String base = "/" + resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                for (Class<? extends Annotation> http : METHODS) {
                    if (method.isAnnotationPresent(http)) {
                        Path sub = method.getAnnotation(Path.class);
                        String path = sub == null ? base : base + "/" + sub.value();
                        endpoints.add(http.getSimpleName() + " " + path);
                    }
                }
            }
        }
        return endpoints;
    }

    private static Set<String> described() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        JsonNode paths = description().get("paths");
        for (Iterator<String> names = paths.fieldNames(); names.hasNext();) {
            String path = names.next();
            for (Iterator<String> operations = paths.get(path).fieldNames(); operations.hasNext();) {
                String operation = operations.next();
                if (!"parameters".equals(operation)) {
                    endpoints.add(operation.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return endpoints;
    }

    private static JsonNode description() throws IOException {
        try (InputStream in = ApiDescriptionResource.class.getResourceAsStream(ApiDescriptionResource.LOCATION)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
