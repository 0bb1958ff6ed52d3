package org.dump.api.record;

/** The acting user may not change the record: they did not write it, or another node did. */
public final class NotAuthorException extends RecordException {

    private static final long serialVersionUID = 1L;

    public NotAuthorException(String message) {
        super(message);
    }
}
