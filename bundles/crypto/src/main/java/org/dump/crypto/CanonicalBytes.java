package org.dump.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes that a signature covers, built field by field so that two different messages can never encode alike:
 * a label that says what kind of message it is, then every field as a 4-byte big-endian length and its UTF-8
 * bytes. Signer and verifier build the same sequence of fields; nothing depends on JSON formatting or whitespace.
 */
public final class CanonicalBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    /** @param label what is being signed, with a version, e.g. {@code DUMP-RECORD-1} */
    public CanonicalBytes(String label) {
        add(label);
    }

    /** Adds a text field; {@code null} is encoded as length -1 so that it differs from the empty string. */
    public CanonicalBytes add(String field) {
        if (field == null) {
            writeInt(-1);
            return this;
        }
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public CanonicalBytes add(long field) {
        return add(Long.toString(field));
    }

    public CanonicalBytes add(boolean field) {
        return add(field ? "true" : "false");
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void writeInt(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
