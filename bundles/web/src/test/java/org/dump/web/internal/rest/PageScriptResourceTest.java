package org.dump.web.internal.rest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.InputStream;
import java.lang.reflect.Proxy;

import javax.ws.rs.Path;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;

import org.dump.api.web.ModulePage;
import org.junit.Test;

/** The page contract is served at the address the API names, as the API bundle holds it. */
public class PageScriptResourceTest {

    private final PageScriptResource resource = new PageScriptResource();

    @Test
    public void itIsServedWhereTheApiSays() throws NoSuchMethodException {
        String served = "/api/" + PageScriptResource.class.getAnnotation(Path.class).value() + "/"
                + PageScriptResource.class.getMethod("script", Request.class).getAnnotation(Path.class).value();
        assertEquals(ModulePage.SCRIPT, served);
    }

    @Test
    public void itAnswersTheApisScriptWithATagToCheckAgainst() throws Exception {
        Response answer = resource.script(request(null));

        assertEquals(200, answer.getStatus());
        assertArrayEquals(apiScript(), (byte[]) answer.getEntity());
        assertEquals("no-cache", answer.getHeaderString(HttpHeaders.CACHE_CONTROL));
        assertNotNull(answer.getEntityTag());
    }

    @Test
    public void aBrowserThatHoldsTheSameScriptGets304() {
        EntityTag tag = resource.script(request(null)).getEntityTag();

        Response answer = resource.script(request(tag));

        assertEquals(304, answer.getStatus());
        assertEquals(null, answer.getEntity());
    }

    private static byte[] apiScript() throws Exception {
        try (InputStream in = ModulePage.class.getResourceAsStream("dump-page.js")) {
            return in.readAllBytes();
        }
    }

    /** A request whose If-None-Match holds {@code held}, if not null, as CXF evaluates it. */
    private static Request request(EntityTag held) {
        return (Request) Proxy.newProxyInstance(Request.class.getClassLoader(), new Class<?>[] {Request.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("evaluatePreconditions") && args.length == 1
                            && args[0] instanceof EntityTag current) {
                        return current.equals(held) ? Response.notModified(current) : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
