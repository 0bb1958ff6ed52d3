package org.dump.federation.internal;

import java.io.IOException;

/** A peer's answer other than 200 to one of this node's requests, with what the peer said. */
final class PeerRefusal extends IOException {

    private static final long serialVersionUID = 1L;

    final int status;
    /** What the peer said. */
    final String said;

    PeerRefusal(int status, String where, String said) {
        super("HTTP " + status + " from " + where + ": " + said);
        this.status = status;
        this.said = said;
    }
}
