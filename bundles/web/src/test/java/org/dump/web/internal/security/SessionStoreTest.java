package org.dump.web.internal.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class SessionStoreTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final SessionStore sessions = new SessionStore(Duration.ofMinutes(30), 3, 10, clock);

    @Test
    public void aSessionIsFoundByItsTokenOnly() {
        SessionStore.Session session = sessions.open("adam");

        assertEquals("adam", sessions.find(session.token()).orElseThrow().username());
        assertTrue(sessions.find(session.csrfToken()).isEmpty());
        assertTrue(sessions.find("made-up").isEmpty());
        assertTrue(sessions.find(null).isEmpty());
        assertNotEquals(session.token(), session.csrfToken());
        assertTrue(session.token().length() >= 43);
    }

    @Test
    public void aSessionEndsAfterItsIdleTimeButEachRequestRestartsIt() {
        SessionStore.Session session = sessions.open("adam");

        clock.advance(Duration.ofMinutes(29));
        assertTrue(sessions.find(session.token()).isPresent());
        clock.advance(Duration.ofMinutes(29));
        assertTrue("used 29 minutes ago", sessions.find(session.token()).isPresent());
        clock.advance(Duration.ofMinutes(31));
        assertTrue(sessions.find(session.token()).isEmpty());
    }

    @Test
    public void signingOutOrLosingTheAccountEndsSessions() {
        SessionStore.Session first = sessions.open("adam");
        SessionStore.Session second = sessions.open("adam");
        SessionStore.Session other = sessions.open("beatrice");

        sessions.close(first.token());
        assertTrue(sessions.find(first.token()).isEmpty());
        assertTrue(sessions.find(second.token()).isPresent());

        sessions.closeAllOf("adam");
        assertTrue(sessions.find(second.token()).isEmpty());
        assertTrue(sessions.find(other.token()).isPresent());
    }

    @Test
    public void anAccountWithManySessionsLosesItsOwnLeastRecentlyUsedOne() {
        SessionStore.Session admin = sessions.open("admin");
        SessionStore.Session first = sessions.open("mallory");
        SessionStore.Session second = sessions.open("mallory");
        SessionStore.Session third = sessions.open("mallory");
        clock.advance(Duration.ofSeconds(1));
        sessions.find(first.token());

        SessionStore.Session fourth = sessions.open("mallory");

        assertTrue("the least recently used of mallory's ends", sessions.find(second.token()).isEmpty());
        assertTrue(sessions.find(first.token()).isPresent());
        assertTrue(sessions.find(third.token()).isPresent());
        assertTrue(sessions.find(fourth.token()).isPresent());
        assertTrue("nobody else's", sessions.find(admin.token()).isPresent());
    }

    @Test
    public void aFullNodeRefusesNewSessionsRatherThanEndingOthers() {
        List<SessionStore.Session> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            open.add(sessions.open(i < 3 ? "adam" : "user" + i));
        }

        assertThrows(SessionsFullException.class, () -> sessions.open("mallory"));
        for (SessionStore.Session session : open) {
            assertTrue(session.username(), sessions.find(session.token()).isPresent());
        }
        SessionStore.Session again = sessions.open("adam");
        assertTrue("an account at its own limit still opens one, in place of its own oldest",
                sessions.find(again.token()).isPresent() && sessions.find(open.get(0).token()).isEmpty());

        clock.advance(Duration.ofMinutes(31));
        assertTrue("expired sessions make room", sessions.find(sessions.open("mallory").token()).isPresent());
        assertEquals(1, sessions.size());
    }
}
