package org.dump.node.internal.account;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.node.account.LoginThrottledException;

/**
 * Slows down password guessing without handing anyone a way to lock others out. Failures are counted per source
 * (the address a sign-in came from) and username together: {@code maxFailures} within the window lock that pair,
 * and {@code maxFailuresPerSource} for any usernames lock that source, each for the lock-out time. The right
 * password from another source still signs in. Made-up usernames are counted exactly like real ones, so the answers
 * do not tell which accounts exist. IPv6 sources count per /64, which one host usually has whole.
 *
 * <p>At most {@code maxTracked} pairs and sources are remembered; when full, expired entries go first, then the
 * oldest, so memory stays bounded whatever the number of sources.
 */
final class SignInThrottle {

    /** The source of attempts whose address is not known (e.g. JMX): they all count as one. */
    static final String UNKNOWN_SOURCE = "unknown";
    private static final int MAX_NAME = 64;

    private record Failures(int count, Instant firstFailure, Instant lockedUntil) {
    }

    private final int maxFailures;
    private final int maxFailuresPerSource;
    private final Duration window;
    private final Duration lockout;
    private final int maxTracked;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    SignInThrottle(int maxFailures, int maxFailuresPerSource, Duration window, Duration lockout, int maxTracked,
            Clock clock) {
        this.maxFailures = Math.max(1, maxFailures);
        this.maxFailuresPerSource = Math.max(1, maxFailuresPerSource);
        this.window = window;
        this.lockout = lockout;
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** @throws LoginThrottledException if {@code source} is locked out now, for {@code username} or for all */
    void checkAllowed(String source, String username) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(sourceKey(source), now), lockedUntil(pairKey(source, username), now));
        if (until != null) {
            throw new LoginThrottledException(Duration.between(now, until));
        }
    }

    void failed(String source, String username) {
        Instant now = clock.instant();
        makeRoom(now);
        count(pairKey(source, username), maxFailures, now);
        count(sourceKey(source), maxFailuresPerSource, now);
    }

    /** The right password ends the count for that pair; the source's own count goes on. */
    void succeeded(String source, String username) {
        failures.remove(pairKey(source, username));
    }

    /** @return how many sources and pairs are remembered now */
    int tracked() {
        return failures.size();
    }

    /** @return the part of an address that one party is taken to control: the address, or an IPv6 /64 */
    static String sourceOf(String address) {
        if (address == null || address.isBlank()) {
            return UNKNOWN_SOURCE;
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            // A literal, so no name is looked up.
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    private static String sourceKey(String source) {
        return sourceOf(source);
    }

    /** A made-up username may be long: only its start is kept, which is longer than any real one. */
    private static String pairKey(String source, String username) {
        String name = username.length() > MAX_NAME ? username.substring(0, MAX_NAME) : username;
        return sourceOf(source) + "\n" + name;
    }

    private Instant lockedUntil(String key, Instant now) {
        Failures current = failures.get(key);
        return current != null && current.lockedUntil() != null && now.isBefore(current.lockedUntil())
                ? current.lockedUntil() : null;
    }

    private void count(String key, int max, Instant now) {
        failures.compute(key, (name, previous) -> {
            if (previous == null || now.isAfter(previous.firstFailure().plus(window))) {
                return new Failures(1, now, max <= 1 ? now.plus(lockout) : null);
            }
            int count = previous.count() + 1;
            return new Failures(count, previous.firstFailure(), count >= max ? now.plus(lockout) : previous.lockedUntil());
        });
    }

    private void makeRoom(Instant now) {
        if (failures.size() < maxTracked) {
            return;
        }
        failures.values().removeIf(f -> !active(f, now));
        int excess = failures.size() - maxTracked * 3 / 4;
        if (excess > 0) {
            failures.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().firstFailure()))
                    .limit(excess).map(Map.Entry::getKey).toList().forEach(failures::remove);
        }
    }

    /** Still counting (within the window) or still locked. */
    private boolean active(Failures f, Instant now) {
        return !now.isAfter(f.firstFailure().plus(window))
                || (f.lockedUntil() != null && now.isBefore(f.lockedUntil()));
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
