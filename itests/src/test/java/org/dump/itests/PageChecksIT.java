package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.dump.itests.support.Api.Reply;
import org.dump.itests.support.Axe;
import org.dump.itests.support.Browser;
import org.dump.itests.support.Images;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The checks people run on the node's pages, against a real node that runs the market. First how the pages are
 * delivered, as Lighthouse looks at it: compressed, with an icon, revalidated rather than fetched again, and with no
 * failed request when nobody is signed in. Then axe-core in headless Chromium on the node's main pages: the sign-in
 * page, the views of a signed-in user (node, profile, profile requests), the market's page inside the node's page,
 * at a desktop's width and at a phone's (375 px), and the DUMP section of the admin console. Any violation fails the
 * test, named with its rule, the elements and what axe says to fix: not only the serious and critical ones, so that a
 * missing level-one heading, an empty table header, a skipped heading level or content outside the landmarks
 * (moderate or minor in axe's terms) comes back as a failure too.
 * The last test shows that the check sees a violation: the node's page with the grey text it once had.
 * Needs Debian's chromium and chromium-driver; without them the test is skipped, loudly.
 */
public class PageChecksIT {

    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("dump.itests.work", "target"))
            .resolve("screenshots/PageChecksIT");

    private static NodeDistribution distribution;
    private static NodeProcess x;
    private static Browser browser;

    @BeforeClass
    public static void startANodeWithListingsAndABrowser() throws Exception {
        Browser.assumeInstalled();
        distribution = new NodeDistribution("axe");
        NodeSteps steps = new NodeSteps(distribution);
        x = distribution.start("X").get(0);
        steps.createUser(x, "adam", "Adam", "adam@example.org");
        steps.createUser(x, "bea", "Beatrice", "bea@example.org");
        steps.installMarket(x, "adam");
        // Listings of both kinds: Beatrice's (Adam may ask for her profile), one with a picture, and Adam's own.
        String socks = steps.list(x, "bea", "Wool socks", 7.5).path("id").asText();
        Reply picture = x.api().put("modules/market/listings/" + socks + "/image").basic("bea", "bea-password")
                .body(Images.png(120, Color.ORANGE), "image/png").send();
        assertEquals(picture.toString(), 200, picture.status());
        steps.list(x, "bea", "Teapot", 12);
        steps.list(x, "adam", "Winter coat", 40);
        Reply avatar = x.api().put("me/avatar").basic("adam", "adam-password")
                .body(Images.png(64, Color.BLUE), "image/png").send();
        assertEquals(avatar.toString(), 200, avatar.status());
        browser = new Browser(Files.createDirectories(distribution.work().resolve("browser/profile")));
        browser.resize(1280, 900);
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

    @Test
    public void theSignInPageHasNoViolation() throws Exception {
        openSignedOut();
        List<String> found = new ArrayList<>();
        found.addAll(check("sign-in page"));
        browser.resize(375, 800);
        try {
            found.addAll(check("sign-in page at 375 px"));
        } finally {
            browser.resize(1280, 900);
        }
        assertTrue(String.join("\n", found), found.isEmpty());
    }

    @Test
    public void theViewsOfASignedInUserAndTheMarketHaveNoViolation() throws Exception {
        openSignedOut();
        browser.type(browser.await("#sign-in input[name=username]", SHORT), "adam");
        browser.type(browser.await("#sign-in input[name=password]", SHORT), "adam-password");
        browser.click(browser.await("#sign-in button", SHORT));
        browser.awaitText("#who", "adam", SHORT);
        List<String> found = new ArrayList<>();
        found.addAll(check("node view"));
        go("#profile");
        browser.await("#avatar:not([hidden])", SHORT);
        found.addAll(check("profile view"));
        go("#requests");
        browser.await("#incoming li", SHORT);
        found.addAll(check("profile requests view"));
        openMarket();
        found.addAll(check("market page inside the node's page"));
        browser.resize(375, 800);
        try {
            openMarket();
            found.addAll(check("market page at 375 px"));
            go("#requests");
            browser.await("#incoming li", SHORT);
            found.addAll(check("profile requests view at 375 px"));
        } finally {
            browser.resize(1280, 900);
        }
        browser.click(browser.await("#sign-out", SHORT));
        browser.await("#sign-in:not([hidden])", SHORT);
        assertTrue(String.join("\n", found), found.isEmpty());
    }

    /** The DUMP section of the Karaf web console; the console's own frame around it is Felix's, not checked here. */
    @Test
    public void theAdminConsoleSectionHasNoSeriousViolation() throws Exception {
        browser.open("http://admin:" + x.adminPassword() + "@127.0.0.1:" + x.http() + "/system/console/dump");
        browser.await("#dump-node-identity tr", SHORT);
        browser.await("#dump-users-table tbody tr", SHORT);
        List<String> found = check("admin console, DUMP section", ".dump-who", ".dump-toc", ".dump-section");
        assertTrue(String.join("\n", found), found.isEmpty());
    }

    /**
     * Pages, scripts and style sheets go gzipped to a browser that accepts it, and plain to a client that does not
     * (the nodes' own); the session's answer, which holds its CSRF token, is never compressed. The icon is real, a
     * browser's copy of a page is revalidated with 304, and asking who is signed in when nobody is answers 204.
     */
    @Test
    public void pagesAreDeliveredCompressedWithAnIconAndWithoutErrors() throws Exception {
        for (String path : List.of("../", "../dump.js", "../dump.css", "../modules/market/listings/market.js")) {
            Reply gzipped = x.api().get(path).header("Accept-Encoding", "gzip").send();
            assertEquals(gzipped.toString(), 200, gzipped.status());
            assertEquals(path, "gzip", gzipped.header("Content-Encoding").orElse("none"));
            assertEquals(path, "Accept-Encoding", gzipped.header("Vary").orElse("none"));
            String text = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            Reply plain = x.api().get(path).send();
            assertEquals(path, "none", plain.header("Content-Encoding").orElse("none"));
            assertEquals(path + " is the same file, compressed or not", plain.text(), text);
        }
        Reply session = x.api().get("session").basic("adam", "adam-password").header("Accept-Encoding", "gzip").send();
        assertEquals(session.toString(), 200, session.status());
        assertEquals("none", session.header("Content-Encoding").orElse("none"));

        Reply icon = x.api().get("../favicon.ico").send();
        assertEquals(icon.toString(), 200, icon.status());
        assertEquals("image/x-icon", icon.header("Content-Type").orElse(""));
        byte[] ico = icon.body();
        assertTrue("an ICO file with 16 and 32 pixel images", ico.length > 6 && ico[0] == 0 && ico[1] == 0
                && ico[2] == 1 && ico[3] == 0 && ico[4] == 2 && (ico[6] & 0xff) == 16 && (ico[22] & 0xff) == 32);

        Reply script = x.api().get("../dump.js").send();
        String lastModified = script.header("Last-Modified").orElseThrow(() -> new AssertionError(script));
        assertEquals(304, x.api().get("../dump.js").header("If-Modified-Since", lastModified).send().status());
        assertEquals(304, x.api().get("../modules/market/listings/").header("If-Modified-Since",
                x.api().get("../modules/market/listings/").send().header("Last-Modified").orElseThrow()).send()
                .status());

        assertEquals(204, x.api().get("session").send().status());
        assertEquals(401, x.api().get("session").basic("adam", "not-adams-password").send().status());
    }

    /** The check itself: the node's page with its lead text grey again (#808080, 3.95:1) fails it, naming the rule. */
    @Test
    public void theCheckFindsGreyTextOnTheNodesPage() throws Exception {
        openSignedOut();
        browser.script("document.querySelector('.lead').style.color = '#808080'");
        List<Axe.Violation> violations = Axe.check(browser);
        assertTrue(Axe.describe(violations), violations.stream().anyMatch(v -> v.rule().equals("color-contrast")
                && v.serious() && v.elements().stream().anyMatch(e -> e.contains("class=\"lead\""))));
        List<String> found = check("node's page with grey text");
        assertTrue(String.join("\n", found), found.size() == 1 && found.get(0).contains("color-contrast"));
    }

    private static void openSignedOut() throws Exception {
        browser.top();
        browser.open("http://127.0.0.1:" + x.http() + "/");
        browser.await("#sign-in:not([hidden]), #who:not([hidden])", SHORT);
        if (!browser.script("return document.getElementById('who').hidden").asBoolean()) {
            browser.click(browser.await("#sign-out", SHORT));
        }
        browser.await("#sign-in:not([hidden])", SHORT);
        browser.awaitText("#node-id", x.id(), SHORT);
    }

    /** Follows a link of the navigation, as a user would. */
    private static void go(String fragment) throws Exception {
        browser.top();
        browser.click(browser.await("header nav a[href='" + fragment + "']", SHORT));
    }

    /** Opens the market and waits, inside its frame, until the listings are in. */
    private static void openMarket() throws Exception {
        go("#market/listings");
        browser.frame(browser.await("iframe#page:not([hidden])", SHORT));
        try {
            browser.await("main[aria-busy=false] #listings li[data-id]", SHORT);
        } finally {
            browser.top();
        }
    }

    /**
     * Runs axe on what the browser shows and saves a screenshot.
     *
     * @return a line for each violation, of any impact, naming the page
     */
    private static List<String> check(String page, String... include) throws Exception {
        browser.screenshot(SCREENSHOTS.resolve(page.replaceAll("[^A-Za-z0-9]+", "-") + ".png"));
        List<Axe.Violation> violations = Axe.check(browser, include);
        if (!violations.isEmpty()) {
            System.err.println("axe on the " + page + ":\n" + Axe.describe(violations));
        }
        return violations.stream().map(v -> page + ": " + v).toList();
    }
}
