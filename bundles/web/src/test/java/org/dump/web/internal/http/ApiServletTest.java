package org.dump.web.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class ApiServletTest {

    /** An error that no exception mapper saw, e.g. a heap exhausted by a filter: JSON, naming no Java class. */
    @Test
    public void anErrorThatEscapesCxfIsAnsweredInJsonWithoutNamingIt() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, Object> seen = new HashMap<>();
        HttpServletResponse response = response(body, seen);

        ApiServlet.answerFailure(response, new OutOfMemoryError("Java heap space"));

        assertEquals(500, seen.get("setStatus"));
        assertTrue(String.valueOf(seen.get("setContentType")).startsWith("application/json"));
        String text = body.toString(StandardCharsets.UTF_8);
        JsonNode json = new ObjectMapper().readTree(text);
        assertEquals(500, json.path("status").asInt());
        assertTrue(json.path("message").asText().contains("reference"));
        assertFalse(text, text.contains("OutOfMemory") || text.contains("java.") || text.contains("heap"));
    }

    private static HttpServletResponse response(ByteArrayOutputStream body, Map<String, Object> seen) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                // not asynchronous
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(ApiServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isCommitted":
                            return false;
                        case "getOutputStream":
                            return out;
                        default:
                            if (args != null && args.length == 1) {
                                seen.put(method.getName(), args[0]);
                            }
                            return null;
                    }
                });
    }
}
