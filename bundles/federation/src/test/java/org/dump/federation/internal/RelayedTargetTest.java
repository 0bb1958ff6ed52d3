package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.dump.node.identity.PublicAddress;
import org.junit.Test;

/** Which URI a received request is checked against: what a sender signed, not what this web server saw. */
public class RelayedTargetTest {

    private static final PublicAddress NONE = Optional::empty;
    private static final PublicAddress BEHIND_PROXY = () -> Optional.of(URI.create("https://dump.example.org/"));

    @Test
    public void withoutAPublicAddressTheUrlTheRequestWasReceivedAtCounts() {
        HttpServletRequest request = request("http://127.0.0.1:8181", "/federation/versions", "module=market",
                Map.of());
        assertEquals(URI.create("http://127.0.0.1:8181/federation/versions?module=market"),
                RelayedTarget.of(request, NONE));
    }

    @Test
    public void withAPublicAddressItCountsWhateverHostTheRequestNames() {
        HttpServletRequest request = request("http://evil.example", "/federation/records", null,
                Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example"));
        assertEquals(URI.create("https://dump.example.org/federation/records"), RelayedTarget.of(request, BEHIND_PROXY));
        assertEquals(URI.create("https://dump.example.org/federation/versions?module=market&x=%2F"),
                RelayedTarget.of(request("http://127.0.0.1:8181", "/federation/versions", "module=market&x=%2F",
                        Map.of()), BEHIND_PROXY));
    }

    @Test
    public void aRequestHandedOnByThisNodesRelayClientKeepsTheRelaysAddress() {
        HttpServletRequest relayed = request("http://127.0.0.1:8181", "/federation/records", null, Map.of(
                RelayedTarget.TARGET, "https://relay.example/relay/abc/federation/records",
                RelayedTarget.SECRET_HEADER, RelayedTarget.SECRET));
        assertEquals(URI.create("https://relay.example/relay/abc/federation/records"),
                RelayedTarget.of(relayed, BEHIND_PROXY));
        assertEquals(URI.create("https://relay.example/relay/abc/federation/records"), RelayedTarget.of(relayed, NONE));
    }

    @Test
    public void aRelayTargetWithoutThisJvmsSecretIsIgnored() {
        HttpServletRequest forged = request("http://127.0.0.1:8181", "/federation/records", null, Map.of(
                RelayedTarget.TARGET, "https://relay.example/relay/abc/federation/records",
                RelayedTarget.SECRET_HEADER, "guessed"));
        assertEquals(URI.create("https://dump.example.org/federation/records"), RelayedTarget.of(forged, BEHIND_PROXY));
        assertEquals(URI.create("http://127.0.0.1:8181/federation/records"), RelayedTarget.of(forged, NONE));
    }

    private static HttpServletRequest request(String base, String path, String query, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(RelayedTargetTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> path;
                    case "getQueryString" -> query;
                    case "getRequestURL" -> new StringBuffer(base + path);
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> null;
                });
    }
}
