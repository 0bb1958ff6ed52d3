package org.dump.web.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.Response;

import org.dump.node.account.Profile;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.internal.account.AccountRules;
import org.dump.web.internal.http.ErrorBody;
import org.dump.web.internal.http.ErrorMapper;
import org.dump.web.internal.http.JsonProvider;
import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Fuzzes every JSON body of the node's REST API (Jazzer; issue 27): {@code POST /api/users}, {@code POST
 * /api/session}, {@code PUT /api/me/profile}, {@code PUT /api/me/password} and {@code POST /api/me/profile-requests},
 * the first byte picking which, the rest being the body. A body goes the way a request's does: read by the node's
 * {@link JsonProvider}, then handed to the real resource method on {@link InMemoryNode}; what is thrown is answered
 * by the node's {@link ErrorMapper}. Without {@code JAZZER_FUZZ} it runs the committed seeds
 * (RestBodiesFuzzTestInputs/); CI fuzzes it for 4 s, {@code benchmarks/fuzz/run.sh} as long as it is told. For every
 * input: the body is read, or refused by Jackson (a 400); what was read is accepted, holding the account rules, or
 * refused with a 4xx, never a 5xx, and then accounts, profiles, requests, sessions and the password are as they were;
 * each input is done within a second. The tests below it hold the bounds that a fuzzer's short inputs do not reach.
 */
public class RestBodiesFuzzTest {

    private static final JsonProvider JSON = new JsonProvider();
    private static final ErrorMapper ERRORS = new ErrorMapper();
    private static final InMemoryNode NODE = new InMemoryNode("rest-bodies-fuzz");

    static {
        // Jackson makes a reader for each body type, and EclipseLink its queries, on first use: not an input's time.
        for (int endpoint = 0; endpoint < 5; endpoint++) {
            try {
                call(endpoint, "{}".getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException refused) {
                NODE.state();
            }
        }
    }

    @FuzzTest(maxDuration = "4s")
    void aBodyIsAcceptedWithinTheRulesOrA4xx(byte[] input) {
        check(input);
    }

    /** The same target for Jazzer's command line, which runs long campaigns (benchmarks/fuzz/run.sh). */
    public static void fuzzerTestOneInput(byte[] input) {
        check(input);
    }

    @Test
    void deepNestingIsA400() {
        byte[] deep = ("{\"roles\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8);
        assertEquals(400, refusal(0, deep).status());
    }

    @Test
    void aStringAboveTheReadersLimitIsA400() {
        byte[] name = ("{\"displayName\":\"" + "x".repeat((1 << 20) + 1) + "\"}").getBytes(StandardCharsets.UTF_8);
        String message = refusal(2, name).message();
        assertTrue(message.contains("exceeds the maximum"), message);
    }

    @Test
    void aFieldAboveItsRuleIsA400NamingIt() {
        ErrorBody name = refusal(2, ("{\"displayName\":\"" + "x".repeat(101) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("displayName", name.field());
        ErrorBody password = refusal(3, ("{\"currentPassword\":\"" + InMemoryNode.PASSWORD + "\",\"newPassword\":\""
                + "p".repeat(1025) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("newPassword", password.field());
    }

    private static ErrorBody refusal(int endpoint, byte[] json) {
        InMemoryNode.State before = NODE.state();
        try {
            call(endpoint, json);
        } catch (RuntimeException refused) {
            assertEquals(before, NODE.state());
            ErrorBody body = (ErrorBody) ERRORS.toResponse(refused.getCause() instanceof JsonProcessingException j
                    ? j : refused).getEntity();
            assertEquals(400, body.status());
            return body;
        }
        return fail("accepted");
    }

    private static void check(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int endpoint = (input[0] & 0xff) % 5;
        byte[] json = Arrays.copyOfRange(input, 1, input.length);
        InMemoryNode.State before = NODE.state();
        long began = System.nanoTime();
        Object accepted;
        try {
            accepted = call(endpoint, json);
        } catch (JsonRefused refused) {
            assertEquals(400, ERRORS.toResponse(refused.json).getStatus(), refused.json.toString());
            assertEquals(before, NODE.state(), "a body that could not be read changed the node");
            return;
        } catch (RuntimeException refused) {
            int status = ERRORS.toResponse(refused).getStatus();
            assertTrue(status >= 400 && status < 500, status + " for " + refused);
            assertEquals(before, NODE.state(), "a refused body changed the node");
            assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + json.length + " bytes");
            return;
        }
        assertTrue(System.nanoTime() - began < 1_000_000_000L, "more than a second for " + json.length + " bytes");
        if (accepted instanceof Views.User user) {
            assertTrue(user.username().matches("[a-z0-9][a-z0-9._-]{1,31}"), user.username());
            assertTrue(length(user.displayName()) <= AccountRules.MAX_DISPLAY_NAME, user.displayName());
            assertEquals(204, NODE.users.remove(NODE.admin, user.username()).getStatus());
        } else if (accepted instanceof Views.SessionInfo signedIn) {
            assertEquals(InMemoryNode.PASSWORD, read(json, Views.SignIn.class).password(), "signed in without the password");
            NODE.sessions.closeAllOf(signedIn.username());
        } else if (accepted instanceof Views.ProfileInfo profile) {
            assertTrue(!profile.displayName().isBlank() && length(profile.displayName()) <= AccountRules.MAX_DISPLAY_NAME);
            assertTrue(profile.email() == null || profile.email().length() <= AccountRules.MAX_EMAIL);
            assertTrue(profile.bio() == null || length(profile.bio()) <= 500, profile.bio());
            Profile was = before.adam();
            NODE.profiles.update("adam", new ProfileUpdate(was.displayName(), was.email(), was.bio()));
        } else if (accepted instanceof Response changed && endpoint == 3) {
            assertEquals(204, changed.getStatus());
            Views.PasswordChange change = read(json, Views.PasswordChange.class);
            assertEquals(InMemoryNode.PASSWORD, change.currentPassword(), "a password changed without the current one");
            assertTrue(length(change.newPassword()) >= 8 && change.newPassword().length() <= 1024);
            NODE.accounts.changePassword("adam", InMemoryNode.PASSWORD.toCharArray());
        } else {
            fail("endpoint " + endpoint + " accepted " + accepted);
        }
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** @return what the endpoint answered: its entity, or the response when it has none */
    private static Object call(int endpoint, byte[] json) {
        return switch (endpoint) {
            case 0 -> NODE.users.create(NODE.admin, read(json, Views.NewUser.class)).getEntity();
            case 1 -> NODE.session.signIn(NODE.nobody, read(json, Views.SignIn.class)).getEntity();
            case 2 -> NODE.me.updateProfile(NODE.adam, read(json, Views.ProfileText.class));
            case 3 -> NODE.me.changePassword(NODE.adam, read(json, Views.PasswordChange.class));
            default -> NODE.profileRequests.ask(NODE.adam, read(json, ConsentViews.Ask.class)).getEntity();
        };
    }

    /** A body the node's JSON reader refused: the node answers that exception, which a resource never sees. */
    private static final class JsonRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final JsonProcessingException json;

        JsonRefused(JsonProcessingException json) {
            super(json);
            this.json = json;
        }
    }

    /** @throws JsonRefused if the node's JSON reader refuses the body; any other failure fails the test */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return type.cast(JSON.readFrom((Class) type, type, new Annotation[0], MediaType.APPLICATION_JSON_TYPE,
                    new MultivaluedHashMap<>(), new ByteArrayInputStream(json)));
        } catch (JsonProcessingException refused) {
            throw new JsonRefused(refused);
        } catch (IOException e) {
            throw new AssertionError("the JSON reader failed otherwise than on JSON", e);
        }
    }
}
