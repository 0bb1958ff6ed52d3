package org.dump.node.internal.account;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.dump.node.account.LoginThrottledException;
import org.dump.node.testing.MutableClock;
import org.junit.Test;

public class SignInThrottleTest {

    private static final String ATTACKER = "203.0.113.7";
    private static final String ADMIN = "198.51.100.1";

    private final MutableClock clock = new MutableClock();
    private final SignInThrottle throttle = new SignInThrottle(5, 20, Duration.ofMinutes(5), Duration.ofSeconds(60),
            100, clock);

    @Test
    public void failuresLockThePairOfSourceAndAccountOnly() {
        fail(ATTACKER, "admin", 5);

        LoginThrottledException locked = assertThrows(LoginThrottledException.class,
                () -> throttle.checkAllowed(ATTACKER, "admin"));
        assertEquals(60, locked.retryAfter().toSeconds());
        throttle.checkAllowed(ADMIN, "admin");
        throttle.checkAllowed(ATTACKER, "beatrice");
    }

    @Test
    public void theLockEndsAfterTheLockOut() {
        fail(ATTACKER, "admin", 5);
        clock.advance(Duration.ofSeconds(61));

        throttle.checkAllowed(ATTACKER, "admin");
    }

    @Test
    public void aSourceThatFailsForManyNamesIsLockedForAll() {
        for (int i = 0; i < 20; i++) {
            fail(ATTACKER, "user" + i, 1);
        }

        assertThrows(LoginThrottledException.class, () -> throttle.checkAllowed(ATTACKER, "someone-else"));
        throttle.checkAllowed(ADMIN, "someone-else");
    }

    @Test
    public void successEndsTheCountOfThePair() {
        fail(ADMIN, "admin", 4);
        throttle.succeeded(ADMIN, "admin");
        fail(ADMIN, "admin", 4);

        throttle.checkAllowed(ADMIN, "admin");
    }

    @Test
    public void anIpv6HostCountsAsItsSlash64() {
        assertEquals("2001:db8:1:2::/64", SignInThrottle.sourceOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2::/64", SignInThrottle.sourceOf("[2001:db8:1:2::1]"));
        assertEquals("127.0.0.1", SignInThrottle.sourceOf("127.0.0.1"));
        assertEquals(SignInThrottle.UNKNOWN_SOURCE, SignInThrottle.sourceOf(null));

        fail("2001:db8:1:2::1", "admin", 5);
        assertThrows(LoginThrottledException.class, () -> throttle.checkAllowed("2001:db8:1:2::99", "admin"));
        throttle.checkAllowed("2001:db8:1:3::1", "admin");
    }

    @Test
    public void memoryStaysBoundedWhateverTheNumberOfSources() {
        for (int i = 0; i < 1_000; i++) {
            fail("10.0." + (i / 256) + "." + (i % 256), "admin", 1);
        }

        assertTrue(throttle.tracked() + " entries", throttle.tracked() <= 100);
    }

    private void fail(String source, String username, int times) {
        for (int i = 0; i < times; i++) {
            throttle.checkAllowed(source, username);
            throttle.failed(source, username);
        }
    }
}
