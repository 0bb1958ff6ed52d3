package org.dump.web.internal.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

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
    private final SessionStore sessions = new SessionStore(Duration.ofMinutes(30), clock);

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
}
