package org.dump.api.record;

/** The payload of a record is larger than the node allows (org.dump.records, maxPayloadBytes). */
public final class RecordTooLargeException extends RecordException {

    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
