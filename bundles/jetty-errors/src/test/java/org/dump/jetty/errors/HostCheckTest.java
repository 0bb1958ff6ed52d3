package org.dump.jetty.errors;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class HostCheckTest {

    @Test
    public void hostsAreNamesOrAddressesWithAPort() {
        for (String host : List.of("localhost:8181", "node.example.org", "[::1]:8181", "127.0.0.1",
                "xn--bcher-kva.example", "")) {
            assertTrue(host, HostCheck.isHost(host));
        }
    }

    @Test
    public void spacesPathsUserInfoAndMarkupAreNoHost() {
        for (String host : List.of("a b", "a/b", "a@b", "a:b", "<script>", "a\\b")) {
            assertFalse(host, HostCheck.isHost(host));
        }
    }
}
