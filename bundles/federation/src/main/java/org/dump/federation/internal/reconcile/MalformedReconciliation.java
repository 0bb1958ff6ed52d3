package org.dump.federation.internal.reconcile;

/** A reconciliation message that breaks the protocol (§7.7): the exchange ends, and nothing of it is used. */
public final class MalformedReconciliation extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedReconciliation(String message) {
        super(message);
    }
}
