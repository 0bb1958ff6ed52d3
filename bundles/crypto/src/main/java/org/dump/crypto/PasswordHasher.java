package org.dump.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id (RFC 9106) and checks them. Hashes are written in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so the cost of each hash travels with it and can be raised
 * later without breaking stored passwords: {@link #needsRehash} tells when a stored hash is weaker than today's cost.
 */
public final class PasswordHasher {

    /**
     * The work factor of a hash.
     *
     * @param memoryKiB   memory each hash needs, in KiB
     * @param iterations  passes over that memory
     * @param parallelism lanes computed in parallel
     */
    public record Cost(int memoryKiB, int iterations, int parallelism) {

        /** OWASP's first recommendation for Argon2id: 19 MiB, 2 iterations, 1 lane. */
        public static final Cost RECOMMENDED = new Cost(19 * 1024, 2, 1);

        public Cost {
            if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
                throw new IllegalArgumentException("Argon2 needs memory >= 8 KiB per lane and at least one pass and lane");
            }
        }
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Cost cost;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(Cost cost) {
        this.cost = cost;
    }

    /** @return the PHC string of a fresh salted Argon2id hash of {@code password} */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * @return true if {@code password} is the one {@code encoded} was made from; false for a wrong password and for
     *         an encoded hash this class cannot read
     */
    public boolean verify(char[] password, String encoded) {
        Encoded parsed = Encoded.parse(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] actual = argon2(password, parsed.salt, parsed.cost, parsed.hash.length);
        return MessageDigest.isEqual(actual, parsed.hash);
    }

    /** @return true if {@code encoded} was made with a different cost than this hasher's (or cannot be read) */
    public boolean needsRehash(String encoded) {
        Encoded parsed = Encoded.parse(encoded);
        return parsed == null || !parsed.cost.equals(cost);
    }

    private static byte[] argon2(char[] password, byte[] salt, Cost cost, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    /** The parts of a PHC string; null from {@link #parse} when the text is not an Argon2id v19 hash. */
    private record Encoded(Cost cost, byte[] salt, byte[] hash) {

        // Refuse absurd costs read from storage rather than let one row exhaust memory or time.
        private static final int MAX_MEMORY_KIB = 1024 * 1024;
        private static final int MAX_ITERATIONS = 64;
        private static final int MAX_PARALLELISM = 16;

        static Encoded parse(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$");
            // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
            if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
                return null;
            }
            try {
                int memory = -1;
                int iterations = -1;
                int parallelism = -1;
                for (String parameter : parts[3].split(",")) {
                    String[] pair = parameter.split("=", 2);
                    int value = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> memory = value;
                        case "t" -> iterations = value;
                        case "p" -> parallelism = value;
                        default -> {
                            return null;
                        }
                    }
                }
                if (memory > MAX_MEMORY_KIB || iterations > MAX_ITERATIONS || parallelism > MAX_PARALLELISM) {
                    return null;
                }
                byte[] salt = B64_DECODER.decode(parts[4].getBytes(StandardCharsets.US_ASCII));
                byte[] hash = B64_DECODER.decode(parts[5].getBytes(StandardCharsets.US_ASCII));
                if (salt.length < 8 || hash.length < 16) {
                    return null;
                }
                return new Encoded(new Cost(memory, iterations, parallelism), salt, hash);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
