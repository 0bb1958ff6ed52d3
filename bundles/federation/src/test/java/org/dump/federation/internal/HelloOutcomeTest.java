package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

import org.dump.federation.Mutuality;
import org.junit.Test;

/** How this node reads the answers to its hellos: today's, those of nodes from before the outcome, and garbage. */
public class HelloOutcomeTest {

    private static final String JSON = "application/json";

    @Test
    public void theOutcomesOfTheWire() {
        assertEquals(HelloOutcome.Kind.TAKEN,
                of(200, JSON, "{\"outcome\":\"taken\",\"message\":\"taken as a peer\"}").kind());
        assertEquals(HelloOutcome.Kind.ALREADY, of(200, JSON, "{\"outcome\":\"already\",\"message\":\"x\"}").kind());
        HelloOutcome pending = of(202, JSON, "{\"outcome\":\"pending\",\"message\":\"waits for approval\"}");
        assertEquals(HelloOutcome.Kind.PENDING, pending.kind());
        assertEquals(Mutuality.PENDING, pending.mutuality());
        assertEquals("waits for approval", pending.message());
        for (int status : new int[] {400, 401, 403, 409}) {
            HelloOutcome refused = of(status, JSON, "{\"outcome\":\"refused\",\"message\":\"takes no more peers\"}");
            assertEquals(HelloOutcome.Kind.REFUSED, refused.kind());
            assertEquals(Mutuality.ONE_SIDED, refused.mutuality());
            assertEquals("takes no more peers", refused.message());
        }
    }

    @Test
    public void whatTheNodeSaysItDidCountsOverItsStatus() {
        assertEquals(HelloOutcome.Kind.PENDING,
                of(200, JSON, "{\"outcome\":\"pending\",\"message\":\"waits\"}").kind());
        assertEquals(HelloOutcome.Kind.REFUSED,
                of(200, JSON, "{\"outcome\":\"refused\",\"message\":\"no\"}").kind());
        assertEquals("a media type is read whatever its case", HelloOutcome.Kind.TAKEN,
                of(200, "Application/JSON; charset=UTF-8", "{\"outcome\":\"taken\"}").kind());
    }

    @Test
    public void nodesFromBeforeTheOutcomeSaidItInTheirMessage() {
        assertEquals(HelloOutcome.Kind.TAKEN, of(200, JSON, "{\"message\":\"taken as a peer\"}").kind());
        assertEquals(HelloOutcome.Kind.ALREADY, of(200, JSON, "{\"message\":\"already a peer\"}").kind());
        assertEquals(HelloOutcome.Kind.REFUSED,
                of(409, JSON, "{\"message\":\"this node takes no more peers\"}").kind());
    }

    @Test
    public void whatIsNoAnswerToAHelloSaysNeitherYesNorNo() {
        for (HelloOutcome outcome : new HelloOutcome[] {of(404, "text/html", "<html>no such page</html>"),
                of(200, "text/plain", "taken"), of(200, JSON, "not json"), of(200, JSON, "[]"),
                of(429, JSON, "{\"message\":\"too many requests\"}"), of(503, JSON, "{}"), of(500, null, "")}) {
            assertEquals(outcome.toString(), HelloOutcome.Kind.UNANSWERED, outcome.kind());
            assertEquals(Mutuality.UNKNOWN, outcome.mutuality());
            assertTrue(outcome.message(), outcome.message().startsWith("HTTP "));
        }
        String huge = "x".repeat(10_000);
        assertTrue("a long message is cut", of(409, JSON, "{\"message\":\"" + huge + "\"}").message().length() < 400);
    }

    private static HelloOutcome of(int status, String type, String body) {
        return HelloOutcome.of(status, type, body.getBytes(StandardCharsets.UTF_8));
    }
}
