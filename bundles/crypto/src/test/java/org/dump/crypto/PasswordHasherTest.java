package org.dump.crypto;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class PasswordHasherTest {

    // Cheap cost so the tests run fast; the node uses Cost.RECOMMENDED.
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(64, 1, 1));

    @Test
    public void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String hash = hasher.hash("correct horse".toCharArray());

        assertTrue(hash, hash.startsWith("$argon2id$v=19$m=64,t=1,p=1$"));
        assertTrue(hasher.verify("correct horse".toCharArray(), hash));
        assertFalse(hasher.verify("correct horse ".toCharArray(), hash));
        assertFalse(hasher.verify("".toCharArray(), hash));
    }

    @Test
    public void eachHashHasItsOwnSalt() {
        assertNotEquals(hasher.hash("same".toCharArray()), hasher.hash("same".toCharArray()));
    }

    @Test
    public void aHashMadeWithAnotherCostStillVerifiesAndAsksForARehash() {
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Cost(128, 2, 1));
        String old = hasher.hash("pw".toCharArray());

        assertTrue(stronger.verify("pw".toCharArray(), old));
        assertTrue(stronger.needsRehash(old));
        assertFalse(stronger.needsRehash(stronger.hash("pw".toCharArray())));
    }

    @Test
    public void unreadableOrHostileHashesNeverVerify() {
        char[] pw = "pw".toCharArray();
        assertFalse(hasher.verify(pw, null));
        assertFalse(hasher.verify(pw, ""));
        assertFalse(hasher.verify(pw, "plaintext"));
        assertFalse(hasher.verify(pw, "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"));
        assertFalse(hasher.verify(pw, "$argon2id$v=19$m=64,t=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"));
        // a cost that would take gigabytes is refused, not computed
        assertFalse(hasher.verify(pw, "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"));
        assertTrue(hasher.needsRehash("garbage"));
    }

    @Test
    public void nonsensicalCostsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Cost(4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher.Cost(64, 0, 1));
    }
}
