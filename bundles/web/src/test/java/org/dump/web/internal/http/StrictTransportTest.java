package org.dump.web.internal.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.ServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dump.node.identity.PublicAddress;
import org.junit.Test;

public class StrictTransportTest {

    @Test
    public void anHttpsPublicAddressSendsHstsOnEveryAnswer() throws Exception {
        Map<String, String> headers = filter(() -> Optional.of(URI.create("https://dump.example.org/")));
        assertEquals("max-age=31536000", headers.get("Strict-Transport-Security"));
        assertTrue(headers.containsKey("passed on"));
    }

    @Test
    public void anHttpOrNoPublicAddressSendsNone() throws Exception {
        assertFalse(filter(() -> Optional.of(URI.create("http://dump.example.org/")))
                .containsKey("Strict-Transport-Security"));
        Map<String, String> none = filter(Optional::empty);
        assertFalse(none.containsKey("Strict-Transport-Security"));
        assertTrue(none.containsKey("passed on"));
    }

    private static Map<String, String> filter(PublicAddress address) throws Exception {
        Map<String, String> headers = new HashMap<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                StrictTransportTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
        ServletRequest request = (ServletRequest) Proxy.newProxyInstance(StrictTransportTest.class.getClassLoader(),
                new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> null);
        new StrictTransport(address).doFilter(request, response, (req, res) -> headers.put("passed on", "yes"));
        return headers;
    }
}
