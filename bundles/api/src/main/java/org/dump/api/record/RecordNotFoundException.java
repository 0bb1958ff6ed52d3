package org.dump.api.record;

/** There is no record of this module with that id (it never existed, was deleted, or belongs to another module). */
public final class RecordNotFoundException extends RecordException {

    private static final long serialVersionUID = 1L;

    public RecordNotFoundException(String message) {
        super(message);
    }
}
