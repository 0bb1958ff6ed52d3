package org.dump.api.record;

/** The type or payload of a record is not acceptable: not a JSON object, a value of an unknown type, too deeply nested. */
public final class InvalidRecordException extends RecordException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
