package org.dump.jetty.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

/** Whom the node believes about a request's client, scheme and host, and whom not. */
public class ForwardedRequestTest {

    private static final TrustedProxies LOCAL_PROXY = new TrustedProxies("127.0.0.1, ::1");

    @Test
    public void aTrustedProxyNamesTheClientTheSchemeAndTheHost() {
        ForwardedRequest request = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of("203.0.113.7"), "https",
                "dump.example.org", "http");
        assertEquals(ip("203.0.113.7"), request.client());
        assertEquals(Optional.of("https"), request.scheme());
        assertEquals(Optional.of("dump.example.org"), request.host());
        assertEquals(443, request.port());
    }

    @Test
    public void spoofedHeadersFromAnUntrustedAddressAreIgnored() {
        ForwardedRequest request = ForwardedRequest.of(LOCAL_PROXY, ip("198.51.100.9"), List.of("127.0.0.1"),
                "https", "evil.example", "http");
        assertEquals(ip("198.51.100.9"), request.client());
        assertEquals(Optional.empty(), request.scheme());
        assertEquals(Optional.empty(), request.host());
    }

    @Test
    public void withNoTrustedProxyNobodyIsBelieved() {
        ForwardedRequest request = ForwardedRequest.of(new TrustedProxies(""), ip("127.0.0.1"),
                List.of("203.0.113.7"), "https", "dump.example.org", "http");
        assertEquals(ip("127.0.0.1"), request.client());
        assertEquals(Optional.empty(), request.host());
    }

    @Test
    public void aChainOfTrustedProxiesIsWalkedBackToTheFirstUntrustedHop() {
        TrustedProxies chain = new TrustedProxies("127.0.0.1, 10.0.0.0/8");
        // The client forged "1.1.1.1"; the outer proxy 10.1.2.3 appended the client it saw, 203.0.113.7, and the
        // inner one (127.0.0.1, the connection) appended 10.1.2.3.
        ForwardedRequest request = ForwardedRequest.of(chain, ip("127.0.0.1"),
                List.of("1.1.1.1, 203.0.113.7", "10.1.2.3"), "https", "dump.example.org", "http");
        assertEquals(ip("203.0.113.7"), request.client());
    }

    @Test
    public void aHopThatIsNoTrustedProxyEndsTheWalkEvenIfMoreFollow() {
        ForwardedRequest request = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"),
                List.of("127.0.0.1, 198.51.100.9"), null, null, "http");
        assertEquals("the forged 127.0.0.1 left of an untrusted hop is not read", ip("198.51.100.9"),
                request.client());
    }

    @Test
    public void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        ForwardedRequest request = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of("::1, 127.0.0.1"),
                null, null, "http");
        assertEquals(ip("::1"), request.client());
    }

    @Test
    public void hopsMayCarryPorts() {
        assertEquals(ip("203.0.113.7"), ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"),
                List.of("203.0.113.7:51234"), null, null, "http").client());
        assertEquals(ip("2001:db8::7"), ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"),
                List.of("[2001:db8::7]:51234"), null, null, "http").client());
    }

    @Test
    public void aHopThatIsNoAddressLeavesTheProxyAsTheClientAndIsNeverLookedUp() {
        ForwardedRequest request = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of("unknown"), null, null,
                "http");
        assertEquals(ip("127.0.0.1"), request.client());
        assertEquals(ip("127.0.0.1"), ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of("localhost"), null,
                null, "http").client());
    }

    @Test
    public void withoutForwardedForTheProxyIsTheClient() {
        assertEquals(ip("127.0.0.1"), ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of(), "https", null,
                "http").client());
    }

    @Test
    public void aForwardedHostKeepsItsPortOrTakesTheSchemes() {
        ForwardedRequest withPort = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of(), "https",
                "dump.example.org:8443", "http");
        assertEquals(Optional.of("dump.example.org"), withPort.host());
        assertEquals(8443, withPort.port());
        assertEquals(80, ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of(), null, "dump.example.org",
                "http").port());
        ForwardedRequest v6 = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of(), "https", "[2001:db8::1]",
                "http");
        assertEquals(Optional.of("[2001:db8::1]"), v6.host());
        assertEquals(443, v6.port());
    }

    @Test
    public void theFirstValueOfAListCountsAndOnlyHttpOrHttpsIsAScheme() {
        ForwardedRequest request = ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of(), "HTTPS, http",
                "a.example, b.example", "http");
        assertEquals(Optional.of("https"), request.scheme());
        assertEquals(Optional.of("a.example"), request.host());
        assertEquals(Optional.empty(), ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"), List.of(), "gopher", null,
                "http").scheme());
    }

    @Test
    public void aForwardedHostThatIsNoHostIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"),
                List.of(), "https", "a b", "http"));
        assertThrows(IllegalArgumentException.class, () -> ForwardedRequest.of(LOCAL_PROXY, ip("127.0.0.1"),
                List.of(), "https", "a.example:99999", "http"));
    }

    @Test
    public void trustedProxiesAreAddressesAndCidrBlocksNeverNames() {
        TrustedProxies proxies = new TrustedProxies(" 192.0.2.1 ,10.0.0.0/8, 2001:db8::/32, localhost, 10.0.0.0/33,"
                + " 300.1.1.1, ");
        assertTrue(proxies.trusts(ip("192.0.2.1")));
        assertFalse(proxies.trusts(ip("192.0.2.2")));
        assertTrue(proxies.trusts(ip("10.255.0.1")));
        assertFalse(proxies.trusts(ip("11.0.0.1")));
        assertTrue(proxies.trusts(ip("2001:db8:ffff::1")));
        assertFalse(proxies.trusts(ip("2001:db9::1")));
        assertFalse("a name is never trusted, nor looked up", proxies.trusts(ip("127.0.0.1")));
        assertEquals(List.of("localhost", "10.0.0.0/33", "300.1.1.1"), proxies.refused());
        assertTrue(new TrustedProxies(" ").none());
        assertFalse(new TrustedProxies("").trusts(ip("127.0.0.1")));
    }

    private static InetAddress ip(String literal) {
        return TrustedProxies.address(literal).orElseThrow();
    }
}
