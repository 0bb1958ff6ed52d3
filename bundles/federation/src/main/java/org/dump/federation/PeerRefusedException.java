package org.dump.federation;

/** Why a node was not taken, or not kept, as a peer. The message says it for the administrator. */
public final class PeerRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PeerRefusedException(String message) {
        super(message);
    }
}
