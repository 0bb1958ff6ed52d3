package org.dump.api.record;

/** Why a record store refused an operation. Its message is meant for the user or the module's log. */
public abstract class RecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected RecordException(String message) {
        super(message);
    }
}
