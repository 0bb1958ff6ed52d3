package org.dump.node.internal.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.dump.node.account.LoginThrottledException;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins to one account within the window, further
 * attempts are refused without checking the password until the lock-out has passed. Only accounts that exist are
 * tracked, so made-up usernames cannot fill memory.
 */
final class SignInThrottle {

    private record Failures(int count, Instant firstFailure, Instant lockedUntil) {
    }

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();

    SignInThrottle(int maxFailures, Duration window, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** @throws LoginThrottledException if {@code username} is locked out now */
    void checkAllowed(String username) {
        Failures current = failures.get(username);
        Instant now = clock.instant();
        if (current != null && current.lockedUntil() != null && now.isBefore(current.lockedUntil())) {
            throw new LoginThrottledException(Duration.between(now, current.lockedUntil()));
        }
    }

    void failed(String username) {
        Instant now = clock.instant();
        failures.compute(username, (name, previous) -> {
            if (previous == null || now.isAfter(previous.firstFailure().plus(window))) {
                return new Failures(1, now, maxFailures <= 1 ? now.plus(lockout) : null);
            }
            int count = previous.count() + 1;
            return new Failures(count, previous.firstFailure(), count >= maxFailures ? now.plus(lockout) : null);
        });
    }

    void succeeded(String username) {
        failures.remove(username);
    }
}
