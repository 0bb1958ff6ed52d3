package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Commands;
import org.dump.itests.support.FakePeer;
import org.dump.itests.support.FreePorts;
import org.dump.itests.support.FromAddress;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.dump.itests.support.TlsProxy;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two nodes behind Debian's nginx with TLS on loopback, set up as docs/admin.md ("Behind a reverse proxy with TLS")
 * tells an administrator: a certificate from a private CA (made by the test), each node's {@code publicBaseUrl} its
 * https address at nginx, {@code dump.http.trustedProxies = 127.0.0.1}, and the node's JVM trusting the CA through
 * {@code etc/system.properties}. Then the story, over https only: {@code dump:peer-add https://…}, the market on both,
 * a listing made on X seen on Y, a profile request from Y accepted on X and seen on Y. Node-to-node requests are
 * signed for the https addresses and checked against them although each node is asked over plain http by nginx.
 */
public class ReverseProxyIT {

    private NodeDistribution distribution;
    private TlsProxy proxy;

    @After
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (distribution != null) {
            distribution.close();
        }
    }

    @Test
    public void twoNodesBehindNginxWithTlsFederateAndTradeProfiles() throws Exception {
        if (!TlsProxy.available()) {
            System.err.println("WARNING: ReverseProxyIT skipped: it puts nodes behind Debian's nginx with TLS, which "
                    + "needs nginx and openssl (apt-get install nginx openssl)");
            Assume.assumeTrue(false);
        }
        long began = System.nanoTime();
        distribution = new NodeDistribution("reverse-proxy");
        proxy = new TlsProxy(distribution.work().resolve("nginx"));
        int[] ports = FreePorts.pick(2);
        Map<String, URI> publicUrl = Map.of("X", URI.create("https://localhost:" + ports[0] + "/"),
                "Y", URI.create("https://localhost:" + ports[1] + "/"));
        // A private CA: the JVM of each node trusts it for its outgoing calls (etc/ is copied by each node).
        Path etc = distribution.home().resolve("etc");
        proxy.writeTrustStore(etc.resolve("truststore.p12"));
        Files.writeString(etc.resolve("system.properties"), "\njavax.net.ssl.trustStore = ${karaf.etc}/truststore.p12\n"
                + "javax.net.ssl.trustStorePassword = " + TlsProxy.TRUST_STORE_PASSWORD + "\n"
                + "javax.net.ssl.trustStoreType = PKCS12\n", StandardOpenOption.APPEND);
        List<NodeProcess> nodes = distribution.start(name -> Map.of(
                "org.dump.node", Map.of("publicBaseUrl", publicUrl.get(name).toString()),
                "org.ops4j.pax.web", Map.of("dump.http.trustedProxies", "127.0.0.1")), "X", "Y");
        proxy.site(ports[0], nodes.get(0).http()).site(ports[1], nodes.get(1).http()).start();
        // The nodes as their users reach them: through nginx, over https.
        NodeProcess x = overTls(nodes.get(0), publicUrl.get("X"));
        NodeProcess y = overTls(nodes.get(1), publicUrl.get("Y"));
        System.out.println("ReverseProxyIT: nodes and nginx up after " + seconds(began) + " s");

        NodeSteps steps = new NodeSteps(distribution);
        steps.createUser(x, "adam", "Adam Smith", "adam@example.org");
        steps.createUser(y, "stephanie", "Stephanie Kwolek", "stephanie@example.org");
        steps.installMarket(x, "adam");
        steps.installMarket(y, "stephanie");
        Commands.Result added = distribution.client(x, "dump:peer-add " + publicUrl.get("Y"));
        assertTrue(added.toString(), added.output().contains("It takes this node as its peer in turn"));

        String title = "Socks behind a proxy " + System.nanoTime();
        String listing = steps.list(x, "adam", title, 7.5).path("id").asText();
        steps.awaitListing(y, listing, "stephanie", title);

        Reply profile = x.api().put("me/profile").basic("adam", "adam-password")
                .json(Api.object("displayName", "Adam Smith", "email", "adam@example.org")).send();
        assertEquals(profile.toString(), 200, profile.status());
        Reply asked = y.api().post("me/profile-requests").basic("stephanie", "stephanie-password")
                .json(Api.object("module", "market", "recordId", listing)).send();
        assertEquals(asked.toString(), 201, asked.status());
        JsonNode incoming = steps.awaitReply(x, "me/profile-requests/incoming", "adam",
                reply -> reply.status() == 200 && reply.json().path("requests").size() == 1).json()
                .path("requests").get(0);
        assertEquals("stephanie", incoming.path("asker").path("username").asText());
        Reply accepted = x.api().post("me/profile-requests/incoming/" + incoming.path("id").asText() + "/accept")
                .basic("adam", "adam-password").send();
        assertEquals(accepted.toString(), 200, accepted.status());
        JsonNode granted = steps.awaitReply(y, "me/granted-profiles", "stephanie",
                reply -> reply.json().path("profiles").size() == 1).json().path("profiles").get(0);
        assertEquals("Adam Smith", granted.path("displayName").asText());
        System.out.println("ReverseProxyIT: the story done after " + seconds(began) + " s");
        // Y dialled X back at its https address (through nginx, the relay's asynchronous endpoint): X is direct.
        JsonNode reachability = steps.awaitReply(x, "node", "adam",
                reply -> reply.json().path("reachability").path("mode").asText().equals("direct")).json()
                .path("reachability");
        assertEquals(publicUrl.get("X").toString(), reachability.path("address").asText());

        secureCookieAndHsts(x, publicUrl.get("X"));
        forwardedHeadersFromOthersAreIgnored(nodes.get(0), publicUrl.get("X"));
        System.out.println("ReverseProxyIT: took " + seconds(began) + " s");
    }

    /** Over https, the session cookie is Secure and every answer (API, page, federation) carries HSTS. */
    private void secureCookieAndHsts(NodeProcess x, URI publicX) throws Exception {
        Reply signIn = x.api().post("session").json(Api.object("username", "adam", "password", "adam-password"))
                .send();
        assertEquals(signIn.toString(), 200, signIn.status());
        String cookie = signIn.cookie(Api.SESSION_COOKIE).orElseThrow();
        assertTrue(cookie, cookie.contains("; Secure"));
        assertEquals("max-age=31536000", signIn.header("Strict-Transport-Security").orElse(null));
        HttpClient browser = HttpClient.newBuilder().sslContext(proxy.tls()).build();
        for (String path : List.of("", "federation/records")) {
            HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(publicX.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(path + ": " + answer.headers(), "max-age=31536000",
                    answer.headers().firstValue("Strict-Transport-Security").orElse(null));
        }
    }

    /**
     * A request that reaches the node directly from an address that is no trusted proxy (127.0.0.2) with forged
     * X-Forwarded-Host and -Proto: its signature is checked against the node's public address all the same. One
     * signed for the forged host is refused; one signed for the public address is taken.
     */
    private void forwardedHeadersFromOthersAreIgnored(NodeProcess x, URI publicX) throws Exception {
        try (FakePeer stranger = new FakePeer("stranger")) {
            byte[] hello = Api.JSON.writeValueAsBytes(Map.of("url", stranger.url().toString()));
            FromAddress elsewhere = new FromAddress("127.0.0.2", x.http());
            Reply forged = elsewhere.sendTo("POST", "/federation/hello", forgedHeaders(
                    stranger.signatureHeaders(URI.create("https://evil.example/federation/hello"), hello)), hello);
            assertEquals(forged.toString() + " " + forged.text(), 401, forged.status());
            Reply honest = elsewhere.sendTo("POST", "/federation/hello", forgedHeaders(
                    stranger.signatureHeaders(publicX.resolve("federation/hello"), hello)), hello);
            assertNotEquals(honest.toString() + " " + honest.text(), 401, honest.status());
            assertEquals(honest.toString() + " " + honest.text(), 200, honest.status());
        }
    }

    private static Map<String, String> forgedHeaders(Map<String, String> signature) {
        Map<String, String> headers = new LinkedHashMap<>(signature);
        headers.put("Content-Type", "application/json");
        headers.put("Host", "evil.example");
        headers.put("X-Forwarded-Host", "evil.example");
        headers.put("X-Forwarded-Proto", "https");
        headers.put("X-Forwarded-For", "127.0.0.1");
        return headers;
    }

    /** @return {@code node} with an API client that goes through nginx at {@code publicUrl} */
    private NodeProcess overTls(NodeProcess node, URI publicUrl) throws Exception {
        return new NodeProcess(node.name(), node.dir(), node.http(), node.ssh(), node.rmiRegistry(),
                node.rmiServer(), new Api(publicUrl, proxy.tls()), node.address(), node.launcher());
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }
}
