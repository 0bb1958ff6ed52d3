package org.dump.node.internal.account;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a few minutes, that a password was checked against a stored hash, so that scripts sending HTTP
 * Basic credentials with every request pay the deliberately slow Argon2 check once rather than per request.
 * Only a keyed HMAC of the password is kept, under a key that lives in memory only. An entry counts only while the
 * stored hash is the one it was made against, so changing a password or removing the account ends it at once.
 */
final class RecentSignIns {

    private record Entry(byte[] passwordMac, String storedHash, Instant expires) {
    }

    private static final int MAX_ENTRIES = 10_000;

    private final Duration lifetime;
    private final Clock clock;
    private final byte[] key = new byte[32];
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    RecentSignIns(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    boolean matches(String username, char[] password, String storedHash) {
        Entry entry = entries.get(username);
        if (entry == null || !entry.storedHash().equals(storedHash) || clock.instant().isAfter(entry.expires())) {
            return false;
        }
        return MessageDigest.isEqual(entry.passwordMac(), mac(username, password));
    }

    void remember(String username, char[] password, String storedHash) {
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> now.isAfter(e.expires()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(username, new Entry(mac(username, password), storedHash, clock.instant().plus(lifetime)));
    }

    void forget(String username) {
        entries.remove(username);
    }

    private byte[] mac(String username, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] passwordBytes = new byte[bytes.remaining()];
            bytes.get(passwordBytes);
            try {
                return mac.doFinal(passwordBytes);
            } finally {
                Arrays.fill(passwordBytes, (byte) 0);
            }
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
