package org.dump.node.internal.identity;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.dump.node.identity.PublicAddress;

import org.junit.Test;

public class ConfiguredLocalNodeTest {

    @Test
    public void anEmptyBaseUrlIsLocalhostOnTheHttpPort() {
        assertEquals(URI.create("http://localhost:8281/"), ConfiguredLocalNode.baseUrl("", 8281));
        assertEquals(URI.create("http://localhost:8181/"), ConfiguredLocalNode.baseUrl(" ", -1));
    }

    @Test
    public void aConfiguredBaseUrlEndsWithASlash() {
        assertEquals(URI.create("https://dump.example.org/node/"),
                ConfiguredLocalNode.baseUrl("https://dump.example.org/node", 8181));
        assertEquals(URI.create("http://x.example:80/"), ConfiguredLocalNode.baseUrl(" http://x.example:80/ ", 8181));
    }

    @Test
    public void aWrongBaseUrlFallsBackToTheDefault() {
        assertEquals(URI.create("http://localhost:8181/"), ConfiguredLocalNode.baseUrl("ftp://x.example/", 8181));
        assertEquals(URI.create("http://localhost:8181/"), ConfiguredLocalNode.baseUrl("not a url", 8181));
        assertEquals(URI.create("http://localhost:8181/"), ConfiguredLocalNode.baseUrl("/relative", 8181));
    }

    @Test
    public void noPublicAddressIsConfiguredWhenTheSettingIsEmptyOrWrong() {
        assertEquals(Optional.empty(), ConfiguredLocalNode.parse(""));
        assertEquals(Optional.empty(), ConfiguredLocalNode.parse("not a url"));
        assertEquals(Optional.of(URI.create("https://dump.example.org/")),
                ConfiguredLocalNode.parse("https://dump.example.org"));
    }

    @Test
    public void aRequestIsResolvedUnderThePublicAddressWithItsPathAndQueryAsSent() {
        PublicAddress behindProxy = () -> Optional.of(URI.create("https://dump.example.org/"));
        assertEquals(URI.create("https://dump.example.org/federation/records"),
                behindProxy.resolve("/federation/records", null).orElseThrow());
        assertEquals(URI.create("https://dump.example.org/federation/versions?module=market&a=%2F"),
                behindProxy.resolve("/federation/versions", "module=market&a=%2F").orElseThrow());
        assertEquals(URI.create("https://dump.example.org/relay/abc/federation/x%20y"),
                behindProxy.resolve("/relay/abc/federation/x%20y", null).orElseThrow());
        assertTrue(behindProxy.https());
    }

    @Test
    public void aPublicAddressWithAPathKeepsIt() {
        PublicAddress underPath = () -> Optional.of(URI.create("http://example.org:8080/dump/"));
        assertEquals(URI.create("http://example.org:8080/dump/federation/hello"),
                underPath.resolve("/federation/hello", null).orElseThrow());
        assertFalse(underPath.https());
    }

    @Test
    public void withoutAPublicAddressNothingIsResolved() {
        PublicAddress none = Optional::empty;
        assertEquals(Optional.empty(), none.resolve("/federation/records", null));
        assertFalse(none.https());
    }
}
