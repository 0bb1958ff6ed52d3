package org.dump.node.consent;

import java.util.Locale;

/**
 * Where a profile request stands. {@link #PENDING} until the author answers; {@link #GRANTED} until the author
 * revokes it. {@link #REFUSED} and {@link #REVOKED} are final: asking again makes a new request.
 */
public enum RequestState {
    /** Waiting for the author's answer. */
    PENDING,
    /** The author accepted: the asking node holds the profile for the asking user. */
    GRANTED,
    /** The author said no. Nothing about the author travelled. */
    REFUSED,
    /** The author took the grant back: the asking node deleted its copy. */
    REVOKED;

    /** @return the lower-case name used in JSON, on the wire and in the shell */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether no answer can change this state any more */
    public boolean isFinal() {
        return this == REFUSED || this == REVOKED;
    }

    /** @return the state named {@code label}, or null if there is none */
    public static RequestState ofLabel(String label) {
        for (RequestState state : values()) {
            if (state.label().equals(label)) {
                return state;
            }
        }
        return null;
    }
}
