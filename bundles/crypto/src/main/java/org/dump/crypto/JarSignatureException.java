package org.dump.crypto;

import java.security.GeneralSecurityException;

/**
 * A bundle's JAR signature does not show that one Ed25519 publisher signed all of it. The message names the problem
 * and the entry concerned; {@link #problem()} says which kind it is, for callers that react differently to each.
 */
public final class JarSignatureException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with a jar's signature. */
    public enum Problem {
        /** The file cannot be read as a jar at all. */
        NOT_A_JAR,
        /** No entry of the jar is signed. */
        NOT_SIGNED,
        /** Some entry is not covered by the signature, e.g. one added after signing. */
        UNSIGNED_ENTRY,
        /** An entry's content does not match the digest that was signed: it was changed after signing. */
        TAMPERED,
        /** More than one signer signed the jar, or different entries. */
        SEVERAL_SIGNERS,
        /** The signer's key is not an Ed25519 key. */
        NOT_ED25519
    }

    private final Problem problem;

    public JarSignatureException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public JarSignatureException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
