package org.dump.node.account;

/** Input that breaks a rule of the account or profile it was meant for. Nothing was changed. */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the field at fault, as in the REST API's JSON. */
    public String field() {
        return field;
    }
}
