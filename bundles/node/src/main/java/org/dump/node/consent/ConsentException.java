package org.dump.node.consent;

/** A profile request or answer that this node did not carry out. Nothing was changed. */
public class ConsentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No such record or request (for this user). */
        NOT_FOUND,
        /** Not possible in the present state: a request already answered, a record without author, no peer. */
        CONFLICT
    }

    private final Reason reason;

    public ConsentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
