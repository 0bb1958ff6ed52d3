package org.dump.web.internal.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Sessions of the user interface, in memory: a random token in an HttpOnly, SameSite=Strict cookie names the
 * signed-in user, and a second random token, which the page must echo in a header, guards every change against
 * cross-site requests. Sessions end after a configured idle time, on sign-out, and when the node restarts.
 */
@Component(service = SessionStore.class, configurationPid = WebConfig.PID)
@Designate(ocd = WebConfig.class)
public final class SessionStore {

    /** The name of the session cookie. */
    public static final String COOKIE = "DUMP_SESSION";
    /** The header that must carry the session's CSRF token on every request that changes something. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final int MAX_SESSIONS = 10_000;

    /** One signed-in browser. */
    public record Session(String token, String username, String csrfToken) {
    }

    private record Entry(Session session, Instant lastUsed) {
    }

    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    @Activate
    public SessionStore(WebConfig config) {
        this(Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes())), Clock.systemUTC());
    }

    SessionStore(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public Session open(String username) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(entry -> expired(entry, now));
        }
        if (sessions.size() >= MAX_SESSIONS) {
            // Better to sign somebody out than to let forgotten sessions grow without bound.
            sessions.entrySet().stream().min(Map.Entry.comparingByValue(
                    (a, b) -> a.lastUsed().compareTo(b.lastUsed()))).ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        Session session = new Session(randomToken(), username, randomToken());
        sessions.put(session.token(), new Entry(session, now));
        return session;
    }

    /** @return the live session with this token, its idle time restarted; empty if none or expired */
    public Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry entry = sessions.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (expired(entry, now)) {
            sessions.remove(token);
            return Optional.empty();
        }
        sessions.put(token, new Entry(entry.session(), now));
        return Optional.of(entry.session());
    }

    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Ends every session of a user, e.g. when the account is removed or its password changes. */
    public void closeAllOf(String username) {
        sessions.values().removeIf(entry -> entry.session().username().equals(username));
    }

    private boolean expired(Entry entry, Instant now) {
        return now.isAfter(entry.lastUsed().plus(idleTimeout));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
