package org.dump.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dump.node.consent.ConsentException;
import org.dump.node.consent.RequestState;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

public class ProfileCommandsTest {

    private static final String ADAMS = "a".repeat(26);
    private static final String BEAS = "b".repeat(26);

    private final InMemoryGrants grants = new InMemoryGrants();
    @Rule
    public final ShellOutput out = new ShellOutput();

    @Before
    public void someRequests() {
        grants.add(ADAMS, "adam", RequestState.PENDING);
        grants.add(BEAS, "beatrice", RequestState.REFUSED);
    }

    private String output() {
        return out.text();
    }

    @Test
    public void requestsAreListedForEveryoneOrOneUser() {
        ProfileRequestsCommand all = new ProfileRequestsCommand();
        all.grants = grants;
        all.execute();
        String shown = output();
        for (String expected : List.of(ADAMS, BEAS, "adam", "beatrice", "stephanie@ynode", "Stephanie Kwolek",
                "pending", "refused", "market")) {
            assertTrue(expected + " in\n" + shown, shown.contains(expected));
        }

        out.reset();
        ProfileRequestsCommand adams = new ProfileRequestsCommand();
        adams.grants = grants;
        adams.user = "adam";
        adams.execute();
        assertTrue(output().contains(ADAMS));
        assertFalse(output().contains(BEAS));

        out.reset();
        adams.user = "carl";
        adams.execute();
        assertEquals("No profile requests for carl.", output().strip());
    }

    @Test
    public void answersAreGivenForTheUserTheRequestWasMadeTo() {
        ProfileAcceptCommand accept = new ProfileAcceptCommand();
        accept.grants = grants;
        accept.id = ADAMS;
        accept.execute();
        assertEquals(RequestState.GRANTED, grants.find(ADAMS).orElseThrow().state());
        assertTrue(output(), output().contains("for adam's profile accepted: the profile goes to stephanie@ynode"));

        ProfileRevokeCommand revoke = new ProfileRevokeCommand();
        revoke.grants = grants;
        revoke.id = " " + ADAMS + " ";
        revoke.execute();
        assertEquals(RequestState.REVOKED, grants.find(ADAMS).orElseThrow().state());
        assertTrue(output(), output().contains("revoked: node ynode"));
    }

    @Test
    public void unknownRequestsAndWrongStatesAreRefused() {
        ProfileRefuseCommand refuse = new ProfileRefuseCommand();
        refuse.grants = grants;
        refuse.id = "c".repeat(26);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, refuse::execute);
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("dump:profile-requests"));

        refuse.id = BEAS;
        ConsentException answered = assertThrows(ConsentException.class, refuse::execute);
        assertEquals(ConsentException.Reason.CONFLICT, answered.reason());
        assertEquals(RequestState.REFUSED, grants.find(BEAS).orElseThrow().state());
    }

    @Test
    public void onlyRequestsThatCanStillBeAnsweredComplete() {
        ProfileRequestCompleter completer = new ProfileRequestCompleter();
        completer.grants = grants;
        List<String> candidates = new ArrayList<>();

        completer.complete(null, CommandLines.typing(""), candidates);

        assertEquals(List.of(ADAMS), candidates.stream().map(String::trim).toList());
    }
}
