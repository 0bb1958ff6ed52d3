package org.dump.crypto;

import java.security.GeneralSecurityException;

/**
 * Sealed bytes that do not open: too short to be sealed at all, sealed to another key, for another purpose or
 * context, or changed on the way. The message says which of these it can tell apart (too short, or not); it never
 * holds any of the sealed content.
 */
public final class SealedBoxException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    public SealedBoxException(String message) {
        super(message);
    }

    public SealedBoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
