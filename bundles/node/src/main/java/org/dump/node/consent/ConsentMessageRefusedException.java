package org.dump.node.consent;

/**
 * A consent message from another node that was not taken; nothing was stored. The message is for the sending
 * node's log and never names a user of this node.
 */
public class ConsentMessageRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why; a sender that gets one of these will not succeed by sending the same message again. */
    public enum Reason {
        /** Not JSON, a field missing or out of shape. */
        MALFORMED,
        /** An answer about a request that this node never made to the sender. */
        UNKNOWN_REQUEST,
        /** An answer that the request's state does not allow (e.g. a grant after a revocation). */
        CONFLICT
    }

    private final Reason reason;

    public ConsentMessageRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
