package org.dump.node.internal.identity;

import static org.junit.Assert.assertEquals;

import java.net.URI;

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
}
