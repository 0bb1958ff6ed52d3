package org.dump.publisher;

/** Publishing stopped before the repository changed in a way nodes would see; the message says why. */
public final class PublicationException extends Exception {

    private static final long serialVersionUID = 1L;

    public PublicationException(String message) {
        super(message);
    }

    public PublicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
