package org.dump.jetty.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ErrorJsonTest {

    @Test
    public void aMalformedRequestSaysSoWithJettysShortReason() {
        assertEquals("{\"status\":400,\"error\":\"Bad Request\",\"message\":"
                + "\"the request is not well-formed HTTP: Bad URI\"}", ErrorJson.of(400, "Bad URI"));
    }

    @Test
    public void jettysReasonIsLeftOutWhenItOnlyRepeatsTheStatus() {
        assertEquals("the request is not well-formed HTTP", ErrorJson.message(400, "Bad Request"));
    }

    @Test
    public void limitsAreNamedInTheCallersTerms() {
        assertEquals("the URL is longer than this node accepts", ErrorJson.message(414, "URI is too large >8192"));
        assertEquals("the request's headers are larger than this node accepts", ErrorJson.message(431, null));
    }

    @Test
    public void reasonsThatNameJavaClassesOrAreNotPlainTextAreLeftOut() {
        assertEquals("the request is not well-formed HTTP",
                ErrorJson.message(400, "java.lang.IllegalArgumentException: bad"));
        assertEquals("the request is not well-formed HTTP", ErrorJson.message(400, "x".repeat(500)));
        assertEquals("the request failed with status 500", ErrorJson.message(500, null));
    }

    @Test
    public void textIsQuotedAsJsonAndNeverAsMarkup() {
        assertEquals("\"a\\\"b\\\\c\\u000a\\u003cscript\\u003e\"", ErrorJson.quote("a\"b\\c\n<script>"));
    }

    @Test
    public void onlyTheApiWantsJson() {
        assertTrue(ErrorJson.wantsJson("/api/node"));
        assertTrue(ErrorJson.wantsJson("/api"));
        assertFalse(ErrorJson.wantsJson("/federation/records"));
        assertFalse(ErrorJson.wantsJson("/apiary"));
        assertFalse(ErrorJson.wantsJson("/"));
        assertFalse(ErrorJson.wantsJson(null));
    }
}
