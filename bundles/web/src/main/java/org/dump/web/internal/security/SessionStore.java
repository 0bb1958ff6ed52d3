package org.dump.web.internal.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Sessions of the user interface, in memory: a random token in an HttpOnly, SameSite=Strict cookie names the
 * signed-in user, and a second random token, which the page must echo in a header, guards every change against
 * cross-site requests. Sessions end after a configured idle time, on sign-out, and when the node restarts.
 *
 * <p>Memory is bounded without letting one account sign the others out: a new session of an account that has
 * {@code maxSessionsPerAccount} already ends that account's least recently used one, and when the node holds
 * {@code maxSessions} live sessions a new one is refused ({@link SessionsFullException}) rather than taken from
 * somebody else.
 */
@Component(service = SessionStore.class, configurationPid = WebConfig.PID)
@Designate(ocd = WebConfig.class)
public final class SessionStore {

    /** The name of the session cookie. */
    public static final String COOKIE = "DUMP_SESSION";
    /** The header that must carry the session's CSRF token on every request that changes something. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** One signed-in browser. */
    public record Session(String token, String username, String csrfToken) {
    }

    private record Entry(Session session, Instant lastUsed) {
    }

    private final Duration idleTimeout;
    private final int maxPerAccount;
    private final int maxSessions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** The tokens of each account's sessions; guarded by {@code this}, like every change to the set of sessions. */
    private final Map<String, Set<String>> tokensByAccount = new HashMap<>();

    @Activate
    public SessionStore(WebConfig config) {
        this(Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes())), config.maxSessionsPerAccount(),
                config.maxSessions(), Clock.systemUTC());
    }

    SessionStore(Duration idleTimeout, int maxPerAccount, int maxSessions, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.maxPerAccount = Math.max(1, maxPerAccount);
        this.maxSessions = Math.max(1, maxSessions);
        this.clock = clock;
    }

    /**
     * Opens a session for {@code username}, ending that account's least recently used session if it has as many as
     * allowed.
     *
     * @throws SessionsFullException if the node holds as many live sessions as it allows
     */
    public synchronized Session open(String username) {
        Instant now = clock.instant();
        Set<String> own = tokensByAccount.computeIfAbsent(username, name -> new LinkedHashSet<>());
        own.removeIf(token -> endIfExpired(token, now));
        while (own.size() >= maxPerAccount) {
            String leastRecent = own.stream().min(Comparator.comparing(token -> sessions.get(token).lastUsed()))
                    .orElseThrow();
            own.remove(leastRecent);
            sessions.remove(leastRecent);
        }
        if (sessions.size() >= maxSessions) {
            endExpired(now);
        }
        if (sessions.size() >= maxSessions) {
            if (own.isEmpty()) {
                tokensByAccount.remove(username);
            }
            throw new SessionsFullException();
        }
        Session session = new Session(randomToken(), username, randomToken());
        sessions.put(session.token(), new Entry(session, now));
        own.add(session.token());
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
            close(token);
            return Optional.empty();
        }
        // Only if it is still there: a sign-out meanwhile must not be undone.
        sessions.computeIfPresent(token, (key, current) -> new Entry(current.session(), now));
        return Optional.of(entry.session());
    }

    public synchronized void close(String token) {
        if (token == null) {
            return;
        }
        Entry removed = sessions.remove(token);
        if (removed != null) {
            forgetToken(removed.session().username(), token);
        }
    }

    /** Ends every session of a user, e.g. when the account is removed or its password changes. */
    public synchronized void closeAllOf(String username) {
        Set<String> own = tokensByAccount.remove(username);
        if (own != null) {
            own.forEach(sessions::remove);
        }
    }

    /** @return how many sessions are open (live or not yet noticed to have expired) */
    int size() {
        return sessions.size();
    }

    private void endExpired(Instant now) {
        List<String> accounts = new ArrayList<>(tokensByAccount.keySet());
        for (String account : accounts) {
            Set<String> own = tokensByAccount.get(account);
            own.removeIf(token -> endIfExpired(token, now));
            if (own.isEmpty()) {
                tokensByAccount.remove(account);
            }
        }
    }

    /** @return true if the session is gone now (it had expired, or was no longer there) */
    private boolean endIfExpired(String token, Instant now) {
        Entry entry = sessions.get(token);
        if (entry == null) {
            return true;
        }
        if (expired(entry, now)) {
            sessions.remove(token);
            return true;
        }
        return false;
    }

    private void forgetToken(String username, String token) {
        Set<String> own = tokensByAccount.get(username);
        if (own != null) {
            own.remove(token);
            if (own.isEmpty()) {
                tokensByAccount.remove(username);
            }
        }
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
