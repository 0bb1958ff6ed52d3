package org.dump.web.internal.rest;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Keeps docs/api.md in step with the REST API: every operation of the OpenAPI description that the node serves at
 * /api/openapi.json appears in the page as {@code `METHOD /api/path`}. (ApiDescriptionTest keeps that description in
 * step with the resources.)
 */
public class ApiDocsTest {

    private static final String API_DOCS = "docs/api.md";

    @Test
    public void everyDescribedOperationAppearsInTheApiPage() throws IOException {
        JsonNode description = description();
        String base = description.path("servers").path(0).path("url").asText("");
        List<String> operations = new ArrayList<>();
        JsonNode paths = description.get("paths");
        for (Iterator<String> names = paths.fieldNames(); names.hasNext();) {
            String path = names.next();
            for (Iterator<String> methods = paths.get(path).fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (!"parameters".equals(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + base + path);
                }
            }
        }
        assertTrue("the description lists no operations, so this test would prove nothing",
                operations.contains("GET /api/node"));
        String page = Files.readString(apiDocs(), StandardCharsets.UTF_8);
        List<String> missing = operations.stream()
                .filter(operation -> !Pattern.compile("`" + Pattern.quote(operation) + "[`?]").matcher(page).find())
                .toList();
        if (!missing.isEmpty()) {
            fail(API_DOCS + " does not describe these operations of /api/openapi.json (each as `METHOD /api/path`):\n  "
                    + String.join("\n  ", missing));
        }
    }

    private static JsonNode description() throws IOException {
        try (InputStream in = ApiDescriptionResource.class.getResourceAsStream(ApiDescriptionResource.LOCATION)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** {@code dump.docs} is set by the build to the repository's docs/ folder. */
    private static Path apiDocs() {
        Path path = Path.of(System.getProperty("dump.docs", "../../docs")).resolve("api.md");
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(API_DOCS + " is missing: looked for " + path.toAbsolutePath().normalize());
        }
        return path;
    }
}
