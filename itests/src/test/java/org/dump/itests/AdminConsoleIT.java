package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dump.itests.support.Api;
import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Browser;
import org.dump.itests.support.Commands;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The DUMP section of the Karaf web console ({@code /system/console/dump}) in headless Chromium, against two real
 * nodes that are peers: X, which took the build's signed repository in and runs the market, and Y, which does not
 * run it yet. Y's administrator signs in to the console (Karaf JAAS, realm dump), sees the node, its peer, the
 * trusted publisher and the users, installs the market from X with the button and follows its progress, and sees
 * the replication traffic chart once Adam's listings reach Y. A plain user of Y is refused the console and its
 * actions, a cross-site POST is refused, and wrong console passwords lock the account out as they do on the REST
 * API. Screenshots go to target/screenshots/AdminConsoleIT. Needs Debian's chromium and chromium-driver, which the
 * set-up installs when it runs as root; otherwise the test is skipped, loudly.
 */
public class AdminConsoleIT {

    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("dump.itests.work", "target"))
            .resolve("screenshots/AdminConsoleIT");
    private static final String CONSOLE = "../system/console/dump";
    private static final Pattern TOKEN = Pattern.compile("data-token=\"([^\"]+)\"");

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess x;
    private static NodeProcess y;
    private static Browser browser;

    @BeforeClass
    public static void startTwoPeersAndABrowser() throws Exception {
        if (!Browser.installIfMissing()) {
            System.err.println("SKIPPED: no " + Browser.CHROMIUM + " or " + Browser.CHROMEDRIVER
                    + "; install Debian's chromium and chromium-driver to run the browser test");
        }
        Assume.assumeTrue("chromium and chromium-driver are installed", Browser.available());
        distribution = new NodeDistribution("console");
        steps = new NodeSteps(distribution);
        distribution.configure("org.dump.federation.sync", "intervalSeconds = 5", "firstRoundSeconds = 3");
        distribution.configure("org.dump.repository", "intervalSeconds = 3", "firstRoundSeconds = 1");
        distribution.configure("org.dump.web.console", "trafficSampleSeconds = 2", "trafficSamples = 60");
        x = distribution.start("X").get(0);
        // Y takes nothing from its distribution and reads no peer by itself: the market it installs can only come
        // from X, through the reading that its Install button makes.
        distribution.configure("org.dump.repository", "importShipped = false", "firstRoundSeconds = 3600");
        y = distribution.start("Y").get(0);
        String installed = shell(x, "dump:module-install market");
        assertTrue(installed, installed.contains("Installed and started org.dump.module.market 1.0.0"));
        steps.createUser(x, "adam", "Adam Smith", "adam@example.org");
        steps.createUser(y, "bea", "Beatrice", "bea@example.org");
        steps.makePeers(x, y);
        browser = new Browser(Files.createDirectories(distribution.work().resolve("browser/profile")));
        browser.resize(1280, 1000);
    }

    @AfterClass
    public static void stopAll() {
        if (browser != null) {
            browser.close();
        }
        if (distribution != null) {
            distribution.close();
        }
    }

    /**
     * Y's administrator sees who Y is, its peer X, the trusted publisher and Y's users; installs the market, which
     * only X holds, with the Install button (the install reads X's repository itself) and watches the steps until
     * it runs; reads the peers' repositories with its own button; then sees Adam's listings arrive from X on the
     * traffic chart.
     */
    @Test
    public void anAdministratorInstallsTheMarketFromAPeerAndSeesTheTraffic() throws Exception {
        openConsole(y);
        browser.awaitText("#dump-node-identity", y.id(), SHORT);
        browser.awaitText("#dump-node-health", "every bundle is running", SHORT);
        String peer = browser.awaitText("#dump-peers-table tr[data-node='" + x.id() + "']", "reachable", LONG);
        assertTrue(peer, peer.contains("X") && peer.contains(x.url()));
        browser.awaitText("#dump-publishers-table", "dump-development", SHORT);
        String users = browser.awaitText("#dump-users-table", "bea", SHORT);
        assertTrue(users, users.contains("Beatrice") && users.contains("admin"));
        assertTrue(browser.text().contains("No module is installed."));
        screenshot("y-console-overview");

        browser.awaitText("#dump-peers-read", "never read", SHORT);
        browser.awaitText("#dump-available", "No trusted publisher offers a module yet", SHORT);
        scrollTo("dump-modules");
        screenshot("y-console-modules-nothing-held");

        browser.type(browser.await("#dump-install-form input[name=module]", SHORT), "market");
        browser.click(browser.await("#dump-install-form button[type=submit]", SHORT));
        browser.awaitText("#dump-job-title", "Installing market", SHORT);
        String result = browser.awaitText("#dump-job-result", "Installed and started org.dump.module.market 1.0.0", LONG);
        String progress = browser.awaitText("#dump-job-steps", "verifying", SHORT);
        assertTrue(progress, progress.contains("offer no version of market: asking the peers"));
        assertTrue(progress, progress.contains("reading the repositories of 1 peer(s)"));
        assertTrue(progress, progress.contains("downloading org.dump.module.market 1.0.0 from " + x.url()));
        assertEquals("done", browser.script("return document.getElementById('dump-job').getAttribute('data-state')")
                .asText());
        assertTrue(result, result.contains("Installed"));
        String row = browser.awaitText("#dump-installed tr[data-module=market]", "ACTIVE", SHORT);
        assertTrue(row, row.contains("dump-development") && row.contains("1.0.0"));
        String offer = browser.awaitText("#dump-available tr[data-module=market]", "installed", SHORT);
        assertTrue(offer, offer.contains(x.id()) && offer.contains("dump-development"));
        browser.awaitText("#dump-peers-read", "repositories read ", SHORT);
        scrollTo("dump-modules");
        screenshot("y-console-module-installed");
        browser.click(browser.await("#dump-read-peers:not([disabled])", SHORT));
        browser.awaitText("#dump-job-result", "Read the peers' repositories: 1 peer(s) read.", LONG);
        String read = browser.awaitText("#dump-job-steps", "holds 1 bundle(s)", SHORT);
        assertTrue(read, read.contains(x.url()));
        steps.awaitStatus(y, "modules/market/listings", "bea", 200);

        // Adam's listings on X reach Y: Y's records in from X rise, and the chart draws them.
        for (int i = 1; i <= 3; i++) {
            steps.list(x, "adam", "Socks, pair " + i, 5 + i);
        }
        String svg = "#dump-traffic-plot svg";
        long chartDeadline = System.nanoTime() + LONG.toNanos();
        while (browser.script("var s = document.querySelector('" + svg + "'); "
                + "return s ? Number(s.getAttribute('data-total')) : 0").asLong() < 3) {
            assertTrue("the chart never showed the listings:\n" + browser.text(), System.nanoTime() < chartDeadline);
            Thread.sleep(500);
        }
        browser.await(svg + " polyline[data-node='" + x.id() + "'][data-kind=in]", SHORT);
        String legend = browser.awaitText("#dump-traffic-plot .dump-legend", "X in", SHORT);
        assertTrue(legend, legend.contains("X out"));
        String recordsIn = browser.awaitText("#dump-peers-table tr[data-node='" + x.id() + "'] td:nth-child(6)", "",
                SHORT);
        assertTrue("records in from X: " + recordsIn, Long.parseLong(recordsIn.strip()) >= 3);
        scrollTo("dump-peers");
        screenshot("y-console-traffic");
    }

    /** A user of Y who is not its administrator gets 401 on the console page, its data and its actions. */
    @Test
    public void aPlainUserIsRefusedTheConsoleAndItsActions() throws Exception {
        assertEquals(401, y.api().get(CONSOLE).basic("bea", "bea-password").send().status());
        assertEquals(401, y.api().get(CONSOLE + "/users.json").basic("bea", "bea-password").send().status());
        Reply install = y.api().post(CONSOLE + "/modules/install").basic("bea", "bea-password")
                .header("X-DUMP-Console-Token", token(y)).body(form("module", "market"), FORM).send();
        assertEquals(install.toString(), 401, install.status());
        assertEquals(401, y.api().get(CONSOLE).send().status());
        // Karaf's own console pages are the administrator's too.
        assertEquals(401, y.api().get("../system/console/bundles").basic("bea", "bea-password").send().status());
        assertEquals(200, y.api().get("../system/console/bundles").basic("admin", y.adminPassword()).send().status());
    }

    /**
     * A form on another site, posted by the administrator's browser (which sends the console's Basic credentials
     * along), is refused; so is a script's POST without the console token, or with it from another origin. Nothing
     * changes: the publisher is still trusted and no job was started.
     */
    @Test
    public void aCrossSitePostIsRefused() throws Exception {
        String admin = y.adminPassword();
        int jobsBefore = consoleJson(y, "modules").path("jobs").size();

        openConsole(y);
        browser.awaitText("#dump-publishers-table", "dump-development", SHORT);
        String target = "http://127.0.0.1:" + y.http() + "/system/console/dump/publishers/remove";
        String answer = postFromAnotherSite(target, "publisher", "dump-development");
        // The console-wide guard (ConsoleCrossSiteGuard) refuses it before anybody is signed in: 403, not 401.
        assertTrue(answer, answer.contains("may not change anything here") && answer.contains("403"));
        screenshot("cross-site-form-refused");

        Reply noToken = y.api().post(CONSOLE + "/publishers/remove").basic("admin", admin)
                .body(form("publisher", "dump-development"), FORM).send();
        assertEquals(noToken.toString(), 403, noToken.status());
        assertTrue(noToken.text(), noToken.text().contains("token"));
        Reply wrongToken = y.api().post(CONSOLE + "/modules/install").basic("admin", admin)
                .header("X-DUMP-Console-Token", "not-the-token").body(form("module", "market"), FORM).send();
        assertEquals(wrongToken.toString(), 403, wrongToken.status());
        Reply otherOrigin = y.api().post(CONSOLE + "/publishers/remove").basic("admin", admin)
                .header("X-DUMP-Console-Token", token(y)).header("Origin", "http://evil.example")
                .body(form("publisher", "dump-development"), FORM).send();
        assertEquals(otherOrigin.toString(), 403, otherOrigin.status());
        assertTrue(otherOrigin.text(), otherOrigin.text().contains("evil.example"));
        // A GET never changes anything (an image or a link on another site is a GET).
        Reply get = y.api().get(CONSOLE + "/publishers/remove?publisher=dump-development").basic("admin", admin).send();
        assertEquals(get.toString(), 404, get.status());

        assertTrue(consoleJson(y, "publishers").toString(), consoleJson(y, "publishers").toString()
                .contains("dump-development"));
        assertEquals(jobsBefore, consoleJson(y, "modules").path("jobs").size());

        // The same request from the console's own origin with the token goes through.
        Reply same = y.api().post(CONSOLE + "/peers/refresh").basic("admin", admin).header("X-DUMP-Console-Token", token(y))
                .header("Origin", "http://127.0.0.1:" + y.http()).body(new byte[0], FORM).send();
        assertEquals(same.toString(), 200, same.status());
    }

    /**
     * The web console's own pages change things with plain POSTs that carry nothing but the Basic credentials: the
     * bundles page stops a bundle with {@code POST /system/console/bundles/ID action=stop}. A form on another site
     * that posts that for X's market, with the administrator's credentials in Chromium's cache, is refused and the
     * market keeps running; so are such requests to the configuration manager, and a POST whose only clue is a
     * Referer from another site. The bundles page itself, with its own script, still stops and starts the market.
     */
    @Test
    public void aCrossSiteFormCannotStopABundleButTheConsolesOwnPageCan() throws Exception {
        String admin = x.adminPassword();
        long market = bundleId(x, "org.dump.module.market");
        String bundles = "http://127.0.0.1:" + x.http() + "/system/console/bundles";
        // Signs in (the credentials go into Chromium's cache), then opens the page at its plain address: a page
        // opened as http://user:password@host/ cannot post to URLs resolved against its own address.
        browser.open("http://admin:" + admin + "@127.0.0.1:" + x.http() + "/system/console/bundles");
        browser.await("#plugin_table", SHORT);
        browser.open(bundles);
        browser.awaitText("#plugin_table", "org.dump.module.market", SHORT);

        String answer = postFromAnotherSite(bundles + "/" + market, "action", "stop");
        assertTrue(answer, answer.contains("a cross-site request may not change anything here")
                && answer.contains("403"));
        screenshot("cross-site-bundle-stop-refused");
        assertEquals("Active", bundleState(x, market));

        Reply config = x.api().post("../system/console/configMgr/org.dump.federation.sync").basic("admin", admin)
                .header("Origin", "http://evil.example").body(form("apply", "true"), FORM).send();
        assertEquals(config.toString(), 403, config.status());
        Reply referer = x.api().post("../system/console/bundles/" + market).basic("admin", admin)
                .header("Referer", "http://evil.example/trap").body(form("action", "stop"), FORM).send();
        assertEquals(referer.toString(), 403, referer.status());
        assertTrue(referer.text(), referer.text().contains("evil.example"));
        assertEquals("Active", bundleState(x, market));

        // The bundles page's own script (same origin) stops the market, and starts it again.
        browser.open(bundles);
        browser.awaitText("#plugin_table", "org.dump.module.market", SHORT);
        browser.script("changeDataEntryState(" + market + ", 'stop'); return true");
        awaitBundleState(x, market, "Resolved");
        browser.script("changeDataEntryState(" + market + ", 'start'); return true");
        awaitBundleState(x, market, "Active");
        steps.awaitStatus(x, "modules/market/listings", "adam", 200);
    }

    /**
     * The console signs in through the node's accounts: wrong passwords there count towards the lock-out of the
     * browser's address for that account, which the REST API shares (both see 127.0.0.1 here).
     */
    @Test
    public void wrongConsolePasswordsLockThatAddressOutOfTheAccount() throws Exception {
        Reply created = y.api().post("users").basic("admin", y.adminPassword()).json(Api.object("username", "carol",
                "password", "carol-password", "displayName", "Carol", "roles", List.of("admin"))).send();
        assertEquals(created.toString(), 201, created.status());
        assertEquals(200, y.api().get(CONSOLE + "/node.json").basic("carol", "carol-password").send().status());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, y.api().get(CONSOLE).basic("carol", "wrong-password-" + i).send().status());
        }
        // Locked out now, from this address: the right password is not even checked, on the console and on the REST
        // API alike (SignInAttacksIT shows that another address still signs in).
        assertEquals(401, y.api().get(CONSOLE + "/node.json").basic("carol", "carol-password").send().status());
        assertEquals(429, y.api().get("admin/status").basic("carol", "carol-password").send().status());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static final String FORM = "application/x-www-form-urlencoded";

    private static byte[] form(String name, String value) {
        return (name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** Opens the console with the administrator's credentials in the address, as the browser's sign-in would. */
    private static void openConsole(NodeProcess node) throws Exception {
        browser.open("http://admin:" + node.adminPassword() + "@127.0.0.1:" + node.http() + "/system/console/dump");
        browser.await("#dump-console", SHORT);
    }

    /** @return the console token of the node's administrator, as the console page carries it */
    private static String token(NodeProcess node) throws Exception {
        Reply page = node.api().get(CONSOLE).basic("admin", node.adminPassword()).send();
        assertEquals(page.toString(), 200, page.status());
        Matcher token = TOKEN.matcher(page.text());
        assertTrue(page.text(), token.find());
        return token.group(1);
    }

    private static JsonNode consoleJson(NodeProcess node, String section) throws Exception {
        Reply reply = node.api().get(CONSOLE + "/" + section + ".json").basic("admin", node.adminPassword()).send();
        assertEquals(reply.toString(), 200, reply.status());
        return reply.json();
    }

    /** @return the id of the bundle {@code symbolicName}, as the web console's bundles page lists it */
    private static long bundleId(NodeProcess node, String symbolicName) throws Exception {
        Reply reply = node.api().get("../system/console/bundles.json").basic("admin", node.adminPassword()).send();
        assertEquals(reply.toString(), 200, reply.status());
        for (JsonNode bundle : reply.json().path("data")) {
            if (symbolicName.equals(bundle.path("symbolicName").asText())) {
                return bundle.path("id").asLong();
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in " + reply.text());
    }

    /** @return the state of bundle {@code id} as the web console says it (Active, Resolved, …) */
    private static String bundleState(NodeProcess node, long id) throws Exception {
        Reply reply = node.api().get("../system/console/bundles/" + id + ".json").basic("admin", node.adminPassword())
                .send();
        assertEquals(reply.toString(), 200, reply.status());
        return reply.json().path("data").path(0).path("state").asText();
    }

    private static void awaitBundleState(NodeProcess node, long id, String state) throws Exception {
        long deadline = System.nanoTime() + SHORT.toNanos();
        String now;
        while (!(now = bundleState(node, id)).equals(state)) {
            assertTrue("bundle " + id + " is " + now + ", not " + state, System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    private static String shell(NodeProcess node, String command) throws Exception {
        Commands.Result result = distribution.client(node, command);
        assertEquals(result.toString(), 0, result.exitCode());
        assertFalse(result.toString(), result.output().contains("Error executing command"));
        return result.output();
    }

    private static void scrollTo(String id) throws Exception {
        browser.script("document.getElementById('" + id + "').scrollIntoView(); return true");
    }

    private static void screenshot(String name) throws Exception {
        browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
    }

    /**
     * Posts a form with one field to {@code target} from a page of another origin (a data: URL), as a hostile site
     * would, with the browser's cached credentials.
     *
     * @return the text of the answer the browser shows
     */
    private static String postFromAnotherSite(String target, String field, String value) throws Exception {
        browser.open("data:text/html;charset=utf-8," + URLEncoder.encode("<form method=post action='" + target
                + "'><input name=" + field + " value=" + value + "></form><script>document.forms[0].submit()</script>",
                StandardCharsets.UTF_8).replace("+", "%20"));
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (!browser.script("return location.href").asText().startsWith("http")) {
            assertTrue("the form was not posted", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        return browser.text();
    }
}
