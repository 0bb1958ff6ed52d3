package org.dump.node.internal.account;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.dump.crypto.PasswordHasher;
import org.dump.node.account.SignInBusyException;

/**
 * Bounds how many Argon2 hashes run at once. Each one takes {@code passwordMemoryKiB} of heap (19 MiB by default),
 * so forty wrong sign-ins at once used to exhaust a 256 MB heap. A hash that finds every slot taken waits up to
 * {@code wait} for one, first come first served, and is then refused with {@link SignInBusyException}. Slots are
 * shared by every use: sign-ins, the decoy check of unknown usernames, new accounts and password changes.
 */
final class PasswordHashPool {

    /** What a refused caller is told to wait before trying again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final PasswordHasher hasher;
    private final Semaphore slots;
    private final Duration wait;
    /**
     * Checked against when the username is unknown, so that a miss takes as long as a wrong password. Hashed at the
     * first such miss, not at start: an Argon2 hash on a cold JVM takes a core for a good part of a second, which a
     * node that is starting on two cores feels even on another thread.
     */
    private volatile String decoyHash;

    PasswordHashPool(PasswordHasher hasher, int slots, Duration wait) {
        this.hasher = hasher;
        this.slots = new Semaphore(Math.max(1, slots), true);
        this.wait = wait;
    }

    /** @throws SignInBusyException if no slot became free in time */
    String hash(char[] password) {
        return inSlot(() -> hasher.hash(password));
    }

    /** @throws SignInBusyException if no slot became free in time */
    boolean verify(char[] password, String encoded) {
        return inSlot(() -> hasher.verify(password, encoded));
    }

    /**
     * Checks {@code password} against {@code encoded}, or, when there is no stored hash (unknown username), against a
     * decoy at the same cost, so that both take as long.
     *
     * @return false when {@code encoded} is null
     * @throws SignInBusyException if no slot became free in time
     */
    boolean verifyOrDecoy(char[] password, String encoded) {
        if (encoded != null) {
            return verify(password, encoded);
        }
        verify(password, decoyHash());
        return false;
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            synchronized (this) {
                hash = decoyHash;
                if (hash == null) {
                    hash = hash("decoy password".toCharArray());
                    decoyHash = hash;
                }
            }
        }
        return hash;
    }

    /** Reads the stored parameters only: costs no slot. */
    boolean needsRehash(String encoded) {
        return hasher.needsRehash(encoded);
    }

    /** Runs {@code work} in a slot: for the hashes above, and for tests. */
    <T> T inSlot(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SignInBusyException(RETRY_AFTER);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInBusyException(RETRY_AFTER);
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
