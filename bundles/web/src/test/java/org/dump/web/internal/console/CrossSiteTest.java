package org.dump.web.internal.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

public class CrossSiteTest {

    private static final String HOST = "127.0.0.1:8181";
    private static final String PAGE = "http://127.0.0.1:8181/system/console/bundles";

    @Test
    public void theConsolesOwnPagesPass() {
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, "http://127.0.0.1:8181", "same-origin", PAGE));
        // Typed into the address bar or opened from a bookmark.
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, null, "none", null));
        // Older browsers send only Origin, or only a Referer.
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, "http://127.0.0.1:8181", null, null));
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, null, null, PAGE));
        // Behind a proxy that ends TLS.
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, "https://127.0.0.1:8181", null, null));
    }

    @Test
    public void requestsThatNameNoPagePass() {
        // curl and scripts: nothing says another site sent them (the DUMP section wants its token from them).
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, null, null, null));
    }

    @Test
    public void anotherSitesRequestsAreRefused() {
        assertRefused(CrossSite.refusal(HOST, null, "cross-site", null), "cross-site");
        assertRefused(CrossSite.refusal(HOST, null, "same-site", null), "same-site");
        assertRefused(CrossSite.refusal(HOST, "http://evil.example", null, null), "evil.example");
        assertRefused(CrossSite.refusal(HOST, "http://127.0.0.1:9999", "same-origin", null), "9999");
        // A sandboxed or data: page.
        assertRefused(CrossSite.refusal(HOST, "null", null, null), "null");
        assertRefused(CrossSite.refusal(null, "http://127.0.0.1:8181", null, null), "127.0.0.1:8181");
    }

    @Test
    public void aRefererCountsOnlyWhenTheBrowserSaysNothingElse() {
        Optional<String> refusal = CrossSite.refusal(HOST, null, null, "http://evil.example/trap?victim=admin");
        assertRefused(refusal, "evil.example");
        assertFalse("the rest of the Referer stays out of the message", refusal.get().contains("victim"));
        assertRefused(CrossSite.refusal(HOST, null, null, "not a url"), "another site");
        // Origin and Sec-Fetch-Site say more than a Referer, which a page may cut down.
        assertEquals(Optional.empty(), CrossSite.refusal(HOST, "http://127.0.0.1:8181", null,
                "http://evil.example/"));
    }

    private static void assertRefused(Optional<String> refusal, String mentioned) {
        assertTrue("refused", refusal.isPresent());
        assertTrue(refusal.get(), refusal.get().contains(mentioned));
        assertTrue(refusal.get(), refusal.get().endsWith("may not change anything here"));
    }
}
