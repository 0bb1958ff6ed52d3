package org.dump.node.consent;

/** A consent message that did not reach, or was not taken by, the node it was for. */
public class ConsentDeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    /**
     * @param permanent true when the receiver refused the message itself (malformed, unknown request): sending it
     *                  again would be refused again; false when the receiver could not be reached or did not
     *                  answer, or is not a peer (yet)
     */
    public ConsentDeliveryException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
