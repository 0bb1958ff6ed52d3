package org.dump.node.account;

/** An avatar that was not stored; the previous one, if any, is still in place. */
public class AvatarRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the image was refused. */
    public enum Reason {
        /** More bytes than the node's configured limit. */
        TOO_LARGE,
        /** Not a PNG, JPEG or GIF image, or not what its media type claims. */
        NOT_AN_IMAGE,
        /** An image, but wider or taller than the node accepts. */
        TOO_MANY_PIXELS
    }

    private final Reason reason;

    public AvatarRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
