package org.dump.web.internal.security;

/** What tests in other packages may see of a {@link SessionStore}. */
public final class TestSessions {

    private TestSessions() {
    }

    /** @return how many sessions {@code sessions} holds */
    public static int count(SessionStore sessions) {
        return sessions.size();
    }
}
