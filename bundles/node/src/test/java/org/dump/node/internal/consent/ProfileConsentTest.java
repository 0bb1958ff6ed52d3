package org.dump.node.internal.consent;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.dump.node.account.Avatar;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.consent.ConsentException;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.GrantedProfile;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.MessageKind;
import org.dump.node.consent.OutgoingRequest;
import org.dump.node.consent.ProfileRequests;
import org.dump.node.consent.RequestState;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.MutableClock;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * Profiles by consent between two nodes, each on its own real Derby database: X, Adam's and Beatrice's home, and
 * Y, where Stephanie and Carl read Adam's listing. Messages go from one node's outbox to the other's inbox in
 * process (the signed HTTP between them is federation's, tested there and in ProfileConsentIT).
 */
public class ProfileConsentTest {

    private static final String ADAM_NAME = "Adam Smith";
    private static final String ADAM_EMAIL = "adam@example.org";

    private final TemporaryFolder xFolder = new TemporaryFolder();
    private final TemporaryFolder yFolder = new TemporaryFolder();
    private final NodeDatabase xDatabase = new NodeDatabase(xFolder);
    private final NodeDatabase yDatabase = new NodeDatabase(yFolder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(xFolder).around(yFolder).around(xDatabase).around(yDatabase);

    private final MutableClock clock = new MutableClock();
    private final TestNetwork network = new TestNetwork();
    private ConsentNode x;
    private ConsentNode y;
    private byte[] avatar;
    private String socks;

    @Before
    public void twoPeers() throws IOException {
        x = new ConsentNode("X", xDatabase, clock, network);
        y = new ConsentNode("Y", yDatabase, clock, network);
        network.makePeers(x, y);
        x.user("adam", ADAM_NAME, ADAM_EMAIL);
        x.user("beatrice", "Beatrice B", "bea@example.org");
        y.user("stephanie", "Stephanie Kwolek", "stephanie@example.org");
        y.user("carl", "Carl Linnaeus", "carl@example.org");
        x.profiles.update("adam", new ProfileUpdate(ADAM_NAME, ADAM_EMAIL, "I sell socks."));
        avatar = png();
        x.profiles.setAvatar("adam", new Avatar("image/png", avatar));
        socks = x.listing("adam", "Wool socks", y);
    }

    @After
    public void stopNodes() {
        x.close();
        y.close();
    }

    @Test
    public void stephanieGetsAdamsProfileOnlyWhenHeAcceptsAndLosesItWhenHeRevokes() {
        ProfileRequests.Asked asked = y.requests.ask("stephanie", "market", socks);
        assertTrue(asked.isNew());
        OutgoingRequest request = asked.request();
        assertEquals(RequestState.PENDING, request.state());
        assertEquals(x.id(), request.homeNode());
        assertEquals(x.pseudonym("market", "adam"), request.author());
        assertFalse(request.delivered());

        network.settle();
        assertTrue("X has it", y.requests.outgoing("stephanie").get(0).delivered());
        List<IncomingRequest> incoming = x.grants.incoming("adam");
        assertEquals(1, incoming.size());
        IncomingRequest received = incoming.get(0);
        assertEquals("stephanie@" + y.id(), received.asker());
        assertEquals("Stephanie Kwolek", received.askerDisplayName());
        assertEquals(socks, received.recordId());
        assertEquals(RequestState.PENDING, received.state());
        assertEquals(List.of(), x.grants.incoming("beatrice"));
        assertEquals(List.of(), y.requests.granted("stephanie"));

        assertEquals(RequestState.GRANTED, x.grants.accept("adam", received.id()).state());
        network.settle();

        List<GrantedProfile> granted = y.requests.granted("stephanie");
        assertEquals(1, granted.size());
        GrantedProfile profile = granted.get(0);
        assertEquals(ADAM_NAME, profile.displayName());
        assertEquals(ADAM_EMAIL, profile.email());
        assertEquals("I sell socks.", profile.bio());
        assertEquals("image/png", profile.avatarType());
        assertEquals(x.id(), profile.homeNode());
        assertArrayEquals(avatar, y.requests.grantedAvatar("stephanie", request.id()).orElseThrow().image());
        assertEquals(RequestState.GRANTED, y.requests.outgoing("stephanie").get(0).state());
        assertEquals("Carl sees nothing of it", List.of(), y.requests.granted("carl"));
        assertTrue(y.requests.grantedAvatar("carl", request.id()).isEmpty());
        assertEquals(List.of(), y.requests.outgoing("carl"));

        x.profiles.update("adam", new ProfileUpdate(ADAM_NAME, ADAM_EMAIL, "Socks and kettles."));
        x.grants.profileChanged("adam");
        network.settle();
        assertEquals("Socks and kettles.", y.requests.granted("stephanie").get(0).bio());

        assertEquals(RequestState.REVOKED, x.grants.revoke("adam", received.id()).state());
        network.settle();
        assertEquals(List.of(), y.requests.granted("stephanie"));
        assertTrue(y.requests.grantedAvatar("stephanie", request.id()).isEmpty());
        assertEquals(RequestState.REVOKED, y.requests.outgoing("stephanie").get(0).state());
        assertEquals(0, y.rows("DUMP_GRANTED_PROFILE"));
        assertEquals(0, y.rows("DUMP_GRANTED_AVATAR"));
        assertNothingOfAdam(y.consentTablesText());
        assertEquals("nothing left to deliver", List.of(), x.outboxEntries());

        x.profiles.update("adam", new ProfileUpdate(ADAM_NAME, ADAM_EMAIL, "After the revocation."));
        x.grants.profileChanged("adam");
        assertEquals("a revoked grant gets no more changes", List.of(), x.outboxEntries());
    }

    @Test
    public void nothingAboutAdamTravelsBeforeAGrantAndARefusalTellsOnlyRefused() {
        OutgoingRequest request = y.requests.ask("stephanie", "market", socks).request();
        network.settle();
        String id = x.grants.incoming("adam").get(0).id();

        assertEquals(RequestState.REFUSED, x.grants.refuse("adam", id).state());
        network.settle();

        assertEquals(RequestState.REFUSED, y.requests.outgoing("stephanie").get(0).state());
        assertEquals(List.of(), y.requests.granted("stephanie"));
        List<TestNetwork.Sent> toY = network.sentTo(y);
        assertEquals(1, toY.size());
        assertEquals(MessageKind.ANSWER, toY.get(0).kind());
        assertEquals("{\"requestId\":\"" + request.id() + "\",\"version\":1,\"state\":\"refused\"}", toY.get(0).body());
        for (TestNetwork.Sent message : network.sent()) {
            assertNothingOfAdam(message.body());
        }
        assertNothingOfAdam(y.consentTablesText());
        assertThrows(ConsentException.class, () -> x.grants.accept("adam", id));

        // Asking again after a refusal is a new request, which Adam may answer anew.
        ProfileRequests.Asked again = y.requests.ask("stephanie", "market", socks);
        assertTrue(again.isNew());
        assertEquals(2, y.requests.outgoing("stephanie").size());
    }

    @Test
    public void askingIsRefusedClearlyAndStoresNothing() {
        assertEquals("module", assertThrows(InvalidInputException.class,
                () -> y.requests.ask("stephanie", "Market!", socks)).field());
        assertEquals("recordId", assertThrows(InvalidInputException.class,
                () -> y.requests.ask("stephanie", "market", "not-an-id")).field());
        assertEquals("recordId", assertThrows(InvalidInputException.class,
                () -> y.requests.ask("stephanie", "market", null)).field());
        assertThrows(UnknownAccountException.class, () -> y.requests.ask("nobody", "market", socks));
        assertReason(ConsentException.Reason.NOT_FOUND, () -> y.requests.ask("stephanie", "market", "a".repeat(26)));
        assertReason(ConsentException.Reason.NOT_FOUND, () -> y.requests.ask("stephanie", "other", socks));

        String moduleWrote = x.listing(null, "Written by the module", y);
        assertTrue(assertReason(ConsentException.Reason.CONFLICT,
                () -> y.requests.ask("stephanie", "market", moduleWrote)).contains("no author"));
        String carls = y.listing("carl", "Carl's own", y);
        assertTrue(assertReason(ConsentException.Reason.CONFLICT,
                () -> y.requests.ask("stephanie", "market", carls)).contains("this node"));
        TestNodeIdentity z = new TestNodeIdentity();
        SignedRecord far = ConsentNode.signedListing(z, "zoezoezoezoezoezoezoezoezo", 1, clock.millis(), "Far away");
        y.hold(far, z);
        assertTrue(assertReason(ConsentException.Reason.CONFLICT,
                () -> y.requests.ask("stephanie", "market", far.id())).contains("not a peer"));

        y.outbox.unbindCourier(y.outbox.courier());
        assertTrue(assertReason(ConsentException.Reason.CONFLICT,
                () -> y.requests.ask("stephanie", "market", socks)).contains("not a peer"));

        assertEquals(0, y.rows("DUMP_PROFILE_REQUEST_OUT"));
        assertEquals(0, y.rows("DUMP_CONSENT_OUTBOX"));
    }

    @Test
    public void askingTwiceGivesTheSameRequest() {
        OutgoingRequest first = y.requests.ask("stephanie", "market", socks).request();
        ProfileRequests.Asked second = y.requests.ask("Stephanie", "market", x.listing("adam", "Kettle", y));

        assertFalse("the same author, still pending", second.isNew());
        assertEquals(first.id(), second.request().id());
        assertTrue("Carl asks for himself", y.requests.ask("carl", "market", socks).isNew());
        network.settle();
        assertEquals(2, x.grants.incoming("adam").size());
    }

    @Test
    public void onlyTheAuthorAnswersAndOnlyInTheRightState() {
        y.requests.ask("stephanie", "market", socks);
        network.settle();
        String id = x.grants.incoming("adam").get(0).id();

        assertReason(ConsentException.Reason.NOT_FOUND, () -> x.grants.accept("beatrice", id));
        assertReason(ConsentException.Reason.NOT_FOUND, () -> x.grants.refuse("beatrice", id));
        assertReason(ConsentException.Reason.NOT_FOUND, () -> x.grants.accept("adam", "not an id"));
        assertReason(ConsentException.Reason.NOT_FOUND, () -> x.grants.accept("adam", "b".repeat(26)));
        assertReason(ConsentException.Reason.CONFLICT, () -> x.grants.revoke("adam", id));
        assertEquals(RequestState.PENDING, x.grants.find(id).orElseThrow().state());
        assertEquals("nothing queued by refused answers", List.of(), x.outboxEntries());

        x.grants.accept("ADAM", id);
        assertReason(ConsentException.Reason.CONFLICT, () -> x.grants.accept("adam", id));
        assertReason(ConsentException.Reason.CONFLICT, () -> x.grants.refuse("adam", id));
        x.grants.revoke("adam", id);
        assertReason(ConsentException.Reason.CONFLICT, () -> x.grants.revoke("adam", id));
        assertEquals(RequestState.REVOKED, x.grants.find(id).orElseThrow().state());
        assertEquals(1, x.grants.incomingForAll().size());
    }

    @Test
    public void aRequestForAnUnknownAuthorIsAnsweredAlikeAndStoresNothing() {
        byte[] unknown = ConsentWire.request("c".repeat(26), "market", socks, "nobodynobodynobodynobodyno",
                "stephanie", "Stephanie Kwolek");
        byte[] adamsInAnotherModule = ConsentWire.request("d".repeat(26), "kettles", socks,
                x.pseudonym("market", "adam"), "stephanie", "Stephanie Kwolek");
        byte[] known = ConsentWire.request("e".repeat(26), "market", socks, x.pseudonym("market", "adam"),
                "stephanie", "Stephanie Kwolek");

        x.reception.receive(y.id(), MessageKind.REQUEST, unknown);
        x.reception.receive(y.id(), MessageKind.REQUEST, adamsInAnotherModule);
        assertEquals(0, x.rows("DUMP_PROFILE_REQUEST_IN"));
        x.reception.receive(y.id(), MessageKind.REQUEST, known);
        assertEquals(1, x.rows("DUMP_PROFILE_REQUEST_IN"));
        assertEquals("nothing goes back by itself", List.of(), x.outboxEntries());
    }

    @Test
    public void malformedMessagesAreRefusedAndNothingIsStored() {
        String adam = x.pseudonym("market", "adam");
        String good = "{\"requestId\":\"" + "e".repeat(26) + "\",\"module\":\"market\",\"recordId\":\"" + socks
                + "\",\"author\":\"" + adam + "\",\"asker\":{\"username\":\"stephanie\",\"displayName\":\"S\"}}";
        List<String> badRequests = List.of("", "null", "[]", "not json", good + " trailing",
                good.replace("\"requestId\":\"eeeeeeeeeeeeeeeeeeeeeeeeee\"", "\"requestId\":\"short\""),
                good.replace("\"module\":\"market\"", "\"module\":\"Market!\""),
                good.replace(socks, "x"),
                good.replace(adam, "NOT-A-PSEUDONYM"),
                good.replace("\"username\":\"stephanie\"", "\"username\":\"a b\""),
                good.replace("\"displayName\":\"S\"", "\"displayName\":\"\""),
                good.replace(",\"asker\":{\"username\":\"stephanie\",\"displayName\":\"S\"}", ""));
        for (String body : badRequests) {
            assertMalformed(x, MessageKind.REQUEST, body);
        }
        x.reception.receive(y.id(), MessageKind.REQUEST, good.getBytes(StandardCharsets.UTF_8));
        assertEquals("the good one is taken", 1, x.rows("DUMP_PROFILE_REQUEST_IN"));

        OutgoingRequest request = y.requests.ask("stephanie", "market", socks).request();
        String grant = "{\"requestId\":\"" + request.id() + "\",\"version\":1,\"state\":\"granted\",\"profile\":"
                + "{\"displayName\":\"A\",\"email\":\"a@b.example\",\"bio\":null,\"updated\":\"2026-05-01T10:00:00Z\"}}";
        List<String> badAnswers = List.of("{}", "{\"requestId\":\"" + request.id() + "\"}",
                grant.replace("\"version\":1", "\"version\":0"),
                grant.replace("\"version\":1", "\"version\":\"one\""),
                grant.replace("granted", "pending"),
                grant.replace("granted", "maybe"),
                grant.replace("granted", "refused"),
                grant.replace(",\"profile\":{\"displayName\":\"A\",\"email\":\"a@b.example\",\"bio\":null,"
                        + "\"updated\":\"2026-05-01T10:00:00Z\"}", ""),
                grant.replace("\"displayName\":\"A\"", "\"displayName\":\"A\\u0000\""),
                grant.replace("a@b.example", "not an address"),
                grant.replace("2026-05-01T10:00:00Z", "yesterday"),
                grant.replace("\"bio\":null", "\"bio\":\"" + "x".repeat(4001) + "\""),
                grant.replace("\"bio\":null", "\"bio\":null,\"avatar\":{\"mediaType\":\"image/png\",\"data\":\"%%%\"}"));
        for (String body : badAnswers) {
            String message = assertMalformed(y, MessageKind.ANSWER, body);
            assertFalse("the refusal does not quote the profile: " + message, message.contains("not an address"));
        }
        assertEquals(RequestState.PENDING, y.requests.outgoing("stephanie").get(0).state());
        assertEquals(0, y.rows("DUMP_GRANTED_PROFILE"));
        assertThrows(ConsentMessageRefusedException.class, () -> y.reception.receive("not a node", MessageKind.ANSWER,
                grant.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void anAnswerToARequestNeverMadeIsRefused() {
        OutgoingRequest request = y.requests.ask("stephanie", "market", socks).request();
        byte[] neverMade = ConsentWire.grant("f".repeat(26), 1, x.profiles.get("adam"), null);
        byte[] fromAnotherNode = ConsentWire.grant(request.id(), 1, x.profiles.get("adam"), null);
        String z = new TestNodeIdentity().id();

        assertEquals(ConsentMessageRefusedException.Reason.UNKNOWN_REQUEST, assertThrows(
                ConsentMessageRefusedException.class,
                () -> y.reception.receive(x.id(), MessageKind.ANSWER, neverMade)).reason());
        ConsentMessageRefusedException wrongNode = assertThrows(ConsentMessageRefusedException.class,
                () -> y.reception.receive(z, MessageKind.ANSWER, fromAnotherNode));
        assertEquals(ConsentMessageRefusedException.Reason.UNKNOWN_REQUEST, wrongNode.reason());
        assertEquals(0, y.rows("DUMP_GRANTED_PROFILE"));
        assertEquals(RequestState.PENDING, y.requests.outgoing("stephanie").get(0).state());
        assertEquals("X never received the request, so this grant did not come from X either", List.of(),
                y.requests.granted("stephanie"));
    }

    @Test
    public void repeatedAndOutdatedMessagesChangeNothing() {
        OutgoingRequest request = y.requests.ask("stephanie", "market", socks).request();
        byte[] asked = y.outboxEntries().get(0).body();
        network.settle();
        x.reception.receive(y.id(), MessageKind.REQUEST, asked);
        x.reception.receive(y.id(), MessageKind.REQUEST, asked);
        assertEquals("a request arrives once however often it is sent", 1, x.rows("DUMP_PROFILE_REQUEST_IN"));

        String id = x.grants.incoming("adam").get(0).id();
        x.grants.accept("adam", id);
        byte[] grant = x.outboxEntries().get(0).body();
        network.settle();
        y.reception.receive(x.id(), MessageKind.ANSWER, grant);
        assertEquals(1, y.requests.granted("stephanie").size());

        x.grants.revoke("adam", id);
        network.settle();
        y.reception.receive(x.id(), MessageKind.ANSWER, grant);
        assertEquals("an old grant sent again does not bring the profile back", List.of(),
                y.requests.granted("stephanie"));
        assertEquals(RequestState.REVOKED, y.requests.outgoing("stephanie").get(0).state());
        assertEquals(ConsentMessageRefusedException.Reason.CONFLICT, assertThrows(ConsentMessageRefusedException.class,
                () -> y.reception.receive(x.id(), MessageKind.ANSWER,
                        ConsentWire.grant(request.id(), 99, x.profiles.get("adam"), null))).reason());
        assertEquals(List.of(), y.requests.granted("stephanie"));
    }

    @Test
    public void anOfflineNodeGetsEveryMessageWhenItIsBackEvenAfterARestart() {
        network.offline(x, true);
        y.requests.ask("stephanie", "market", socks);
        network.settle();
        OutboxEntity waiting = y.outboxEntries().get(0);
        assertEquals("dump:queues counts it", 1, y.outbox.waiting());
        assertEquals(1, waiting.attempts());
        assertTrue(waiting.lastError(), waiting.lastError().contains("cannot reach"));
        assertFalse(y.requests.outgoing("stephanie").get(0).delivered());

        network.offline(x, false);
        network.settle();
        assertEquals("not due yet: nothing tried", 0, x.rows("DUMP_PROFILE_REQUEST_IN"));
        clock.advance(Duration.ofSeconds(7));
        network.settle();
        assertEquals(1, x.rows("DUMP_PROFILE_REQUEST_IN"));
        assertTrue(y.requests.outgoing("stephanie").get(0).delivered());

        network.offline(y, true);
        x.grants.accept("adam", x.grants.incoming("adam").get(0).id());
        for (int attempt = 1; attempt <= 4; attempt++) {
            network.settle();
            assertEquals(attempt, x.outboxEntries().get(0).attempts());
            clock.advance(Duration.ofSeconds(5L << attempt));
        }
        x.restart();
        assertEquals("the message outlives a restart", 1, x.outboxEntries().size());
        network.offline(y, false);
        clock.advance(Duration.ofMinutes(6));
        network.settle();
        assertEquals(List.of(), x.outboxEntries());
        assertEquals(0, x.outbox.waiting());
        assertEquals(ADAM_NAME, y.requests.granted("stephanie").get(0).displayName());
    }

    @Test
    public void aRevocationOvertakesAGrantThatNeverLeft() {
        y.requests.ask("stephanie", "market", socks);
        network.settle();
        String id = x.grants.incoming("adam").get(0).id();
        network.offline(y, true);
        x.grants.accept("adam", id);
        network.settle();
        x.grants.revoke("adam", id);
        assertEquals(1, x.outboxEntries().size());

        network.offline(y, false);
        network.settle();
        assertEquals(RequestState.REVOKED, y.requests.outgoing("stephanie").get(0).state());
        for (TestNetwork.Sent message : network.sentTo(y)) {
            assertNothingOfAdam(message.body());
        }
        assertEquals(List.of(), y.requests.granted("stephanie"));
    }

    @Test
    public void aMessageTheReceiverRefusesForGoodIsDropped() {
        y.requests.ask("stephanie", "market", socks);
        network.settle();
        String id = x.grants.incoming("adam").get(0).id();
        y.requests.accountRemoved("stephanie");

        x.grants.accept("adam", id);
        network.settle();
        assertEquals("Y has no such request any more: the grant is dropped", List.of(), x.outboxEntries());
        assertEquals(0, y.rows("DUMP_GRANTED_PROFILE"));
    }

    @Test
    public void aRemovedAccountEndsItsGrantsAndRequests() {
        y.requests.ask("stephanie", "market", socks);
        y.requests.ask("carl", "market", socks);
        network.settle();
        IncomingRequest fromStephanie = x.grants.incoming("adam").stream()
                .filter(r -> r.askerUsername().equals("stephanie")).findFirst().orElseThrow();
        x.grants.accept("adam", fromStephanie.id());
        network.settle();
        assertEquals(1, y.requests.granted("stephanie").size());

        assertTrue(x.accounts.remove("adam"));
        x.grants.accountRemoved("adam");
        network.settle();

        assertEquals(0, x.rows("DUMP_PROFILE_REQUEST_IN"));
        assertEquals(List.of(), y.requests.granted("stephanie"));
        assertEquals(RequestState.REVOKED, y.requests.outgoing("stephanie").get(0).state());
        assertEquals(RequestState.REFUSED, y.requests.outgoing("carl").get(0).state());

        y.requests.accountRemoved("stephanie");
        assertEquals(List.of(), y.requests.outgoing("stephanie"));
        assertEquals(1, y.rows("DUMP_PROFILE_REQUEST_OUT"));
    }

    @Test
    public void retriesWaitTwiceAsLongEachTimeUpToTheLimit() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            long expected = Math.min(300_000, 5_000L << (attempt - 1));
            long wait = x.outbox.backoff(attempt);
            assertTrue(attempt + ": " + wait, wait >= expected * 0.8 && wait <= expected * 1.2);
        }
    }

    private static String assertMalformed(ConsentNode node, MessageKind kind, String body) {
        ConsentMessageRefusedException refused = assertThrows(body, ConsentMessageRefusedException.class,
                () -> node.reception.receive(new TestNodeIdentity().id(), kind, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(body, ConsentMessageRefusedException.Reason.MALFORMED, refused.reason());
        return refused.getMessage();
    }

    private static String assertReason(ConsentException.Reason reason, org.junit.function.ThrowingRunnable action) {
        ConsentException refused = assertThrows(ConsentException.class, action);
        assertEquals(refused.getMessage(), reason, refused.reason());
        return refused.getMessage();
    }

    private static void assertNothingOfAdam(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String trace : List.of("adam smith", ADAM_EMAIL, "sell socks", "\"adam\"")) {
            assertFalse("'" + trace + "' in " + text, lower.contains(trace));
        }
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
