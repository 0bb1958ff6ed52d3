package org.dump.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dump.itests.support.Browser;
import org.dump.itests.support.Images;
import org.dump.itests.support.NodeDistribution;
import org.dump.itests.support.NodeProcess;
import org.dump.itests.support.NodeSteps;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The node's user interface in headless Chromium, against two real nodes that are peers and run the market: X,
 * home of Adam, and Y, home of Stephanie. Everything the users do, they do through the pages: sign in and out,
 * edit a profile and avatar, list socks, ask for the seller's profile, accept. The REST API only waits for the
 * nodes to exchange what they must. Screenshots of the main pages go to target/screenshots/UserInterfaceIT.
 * Needs Debian's chromium and chromium-driver; without them the test is skipped, loudly.
 */
public class UserInterfaceIT {

    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("dump.itests.work", "target"))
            .resolve("screenshots/UserInterfaceIT");
    private static final String XSS = "<script>alert(1)</script>";

    private static NodeDistribution distribution;
    private static NodeSteps steps;
    private static NodeProcess x;
    private static NodeProcess y;
    private static Browser browser;

    @BeforeClass
    public static void startTwoPeersAndABrowser() throws Exception {
        Browser.assumeInstalled();
        distribution = new NodeDistribution("ui");
        // Undelivered consent messages are retried within 1–2 s, not up to 5 minutes.
        distribution.configure("org.dump.consent", "retryFirstSeconds = 1", "retryMaxSeconds = 2");
        steps = new NodeSteps(distribution);
        List<NodeProcess> nodes = distribution.start("X", "Y");
        x = nodes.get(0);
        y = nodes.get(1);
        steps.createUser(x, "adam", "Adam", "adam@example.org");
        steps.createUser(y, "stephanie", "Stephanie Kwolek", "stephanie@example.org");
        steps.installMarket(x, "adam");
        steps.installMarket(y, "stephanie");
        steps.makePeers(x, y);
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

    /**
     * The story through the pages: Adam fills in his profile and lists socks on X; Stephanie sees the listing on Y
     * with nothing about Adam and asks for his profile; Adam accepts on X; Stephanie sees his profile on Y.
     */
    @Test
    public void stephanieAsksForAdamsProfileAndSeesItOnceHeAccepts() throws Exception {
        signIn(x, "adam");
        go("#profile");
        browser.awaitText("#profile-form", "Display name", SHORT);
        // Typed before the profile is read, a name was overwritten by it ("AdamAdam Smith" on a loaded machine).
        browser.await("#profile-form[aria-busy=false]", SHORT);
        replace("#profile-form input[name=displayName]", "Adam Smith");
        replace("#profile-form input[name=email]", "not an e-mail address");
        browser.click(browser.await("#profile-form button[type=submit]", SHORT));
        browser.awaitText("#profile-message", "is not an e-mail address", SHORT);
        browser.await("#profile-form input[name=email][aria-invalid=true]", SHORT);
        replace("#profile-form input[name=email]", "adam@example.org");
        replace("#profile-form textarea[name=bio]", "I sell socks. <b>not bold</b>");
        browser.click(browser.await("#profile-form button[type=submit]", SHORT));
        browser.awaitText("#profile-message", "Profile saved.", SHORT);
        Path avatar = Files.write(distribution.work().resolve("adam.png"), Images.png(64, Color.ORANGE));
        browser.type(browser.await("#avatar-form input[type=file]", SHORT), avatar.toString());
        browser.click(browser.await("#avatar-form button[type=submit]", SHORT));
        browser.awaitText("#avatar-message", "Avatar saved.", SHORT);
        browser.await("#avatar:not([hidden])", SHORT);
        screenshot("x-adam-profile");

        String title = "Wool socks";
        inMarket(() -> {
            browser.type(browser.await("#editor input[name=title]", SHORT), title);
            browser.type(browser.await("#editor textarea[name=description]", SHORT), "Hand-knitted, size 42");
            browser.type(browser.await("#editor input[name=price]", SHORT), "7.50");
            browser.click(browser.await("#editor button[type=submit]", SHORT));
            browser.awaitText("#listings", title, SHORT);
            screenshot("x-adam-market");
        });
        signOut();
        JsonNode listings = x.api().get("modules/market/listings?q=Wool").basic("adam", "adam-password").send().json();
        String listing = listings.path("listings").get(0).path("id").asText();
        steps.awaitListing(y, listing, "stephanie", title);

        signIn(y, "stephanie");
        String item = "#listings li[data-id='" + listing + "']";
        inMarket(() -> {
            String shown = browser.awaitText(item, title, LONG);
            assertTrue(shown, shown.contains("7.50 EUR") && shown.contains("Hand-knitted"));
            String page = browser.text().toLowerCase();
            for (String secret : List.of("adam", "smith", "example.org")) {
                assertFalse("'" + secret + "' shows on Stephanie's market page before Adam accepts: " + page,
                        page.contains(secret));
            }
            browser.click(browser.await(item + " button.ask-profile", SHORT));
            browser.awaitText(item + " .seller", "has not answered yet", SHORT);
            screenshot("y-stephanie-market-asked");
        });
        go("#requests");
        browser.awaitText("#outgoing", "waiting for an answer", SHORT);
        signOut();

        steps.awaitReply(x, "me/profile-requests/incoming", "adam",
                reply -> reply.json().path("requests").size() == 1);
        signIn(x, "adam");
        go("#requests");
        refreshUntil("#incoming", "Stephanie Kwolek");
        screenshot("x-adam-requests-incoming");
        browser.click(browser.await("#incoming button.accept", SHORT));
        browser.awaitText("#requests-message", "Accepted", SHORT);
        browser.awaitText("#incoming", "granted", SHORT);
        browser.await("#incoming button.revoke", SHORT);
        signOut();

        steps.awaitReply(y, "me/granted-profiles", "stephanie", reply -> reply.json().path("profiles").size() == 1);
        signIn(y, "stephanie");
        go("#requests");
        String granted = refreshUntil("#granted", "Adam Smith");
        assertTrue(granted, granted.contains("adam@example.org"));
        assertTrue("the bio shows as text: " + granted, granted.contains("I sell socks. <b>not bold</b>"));
        browser.await("#granted img.avatar", SHORT);
        assertEquals(0, browser.script("return document.querySelectorAll('#granted b').length").asInt());
        browser.awaitText("#outgoing", "granted", SHORT);
        screenshot("y-stephanie-requests-granted");
        inMarket(() -> browser.awaitText(item + " .seller", "Seller: Adam Smith", SHORT));

        browser.resize(375, 800);
        try {
            go("#requests");
            browser.awaitText("#granted", "Adam Smith", SHORT);
            screenshot("y-stephanie-requests-375px");
            assertTrue("nothing is wider than a phone", browser.script(
                    "return document.documentElement.scrollWidth <= window.innerWidth").asBoolean());
            inMarket(() -> {
                browser.awaitText(item, title, SHORT);
                screenshot("y-stephanie-market-375px");
            });
        } finally {
            browser.resize(1280, 900);
        }
        signOut();
    }

    /** A listing titled like a script, written on X, shows on Y as those very characters and runs nothing. */
    @Test
    public void aListingTitledLikeAScriptShowsAsText() throws Exception {
        String id = steps.list(x, "adam", XSS, 1).path("id").asText();
        steps.awaitListing(y, id, "stephanie", XSS);
        signIn(y, "stephanie");
        inMarket(() -> {
            String item = "#listings li[data-id='" + id + "']";
            browser.awaitText(item + " h3", XSS, LONG);
            assertEquals(XSS, browser.script("return document.querySelector(\"" + item + " h3\").textContent")
                    .asText());
            assertEquals(0, browser.script("return document.querySelectorAll('#listings script').length").asInt());
            assertFalse("no dialog opened", browser.dialogOpen());
            screenshot("y-stephanie-market-script-title");
        });
        signOut();
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Opens the node's page and signs in through the form (signing out first whoever is signed in there). */
    private static void signIn(NodeProcess node, String user) throws Exception {
        browser.open("http://127.0.0.1:" + node.http() + "/");
        browser.await("#sign-in:not([hidden]), #who:not([hidden])", SHORT);
        if (!browser.script("return document.getElementById('who').hidden").asBoolean()) {
            signOut();
        }
        browser.type(browser.await("#sign-in input[name=username]", SHORT), user);
        browser.type(browser.await("#sign-in input[name=password]", SHORT), user + "-password");
        browser.click(browser.await("#sign-in button", SHORT));
        browser.awaitText("#who", user, SHORT);
    }

    private static void signOut() throws Exception {
        browser.top();
        browser.click(browser.await("#sign-out", SHORT));
        browser.await("#sign-in:not([hidden])", SHORT);
        browser.awaitText("#sign-in-message", "signed out", SHORT);
    }

    /** Follows a link of the navigation, as a user would. */
    private static void go(String fragment) throws Exception {
        browser.top();
        browser.click(browser.await("header nav a[href='" + fragment + "']", SHORT));
    }

    /** Opens the market page and runs {@code step} inside its frame. */
    private static void inMarket(Step step) throws Exception {
        go("#market/listings");
        browser.frame(browser.await("iframe#page:not([hidden])", SHORT));
        try {
            // The page shows its form once the first listings are in (market.js clears aria-busy).
            browser.await("main[aria-busy=false]", SHORT);
            step.run();
        } finally {
            browser.top();
        }
    }

    /** Presses Refresh on the requests page until {@code css} shows {@code expected}: the page is not pushed news. */
    private static String refreshUntil(String css, String expected) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            browser.click(browser.await("#requests-refresh", SHORT));
            try {
                return browser.awaitText(css, expected, Duration.ofSeconds(2));
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }

    private static void replace(String css, String text) throws Exception {
        String field = browser.await(css, SHORT);
        browser.clear(field);
        browser.type(field, text);
    }

    private static void screenshot(String name) throws Exception {
        browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
    }
}
