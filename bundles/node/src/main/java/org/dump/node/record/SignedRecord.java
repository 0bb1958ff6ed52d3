package org.dump.node.record;

import java.util.Base64;
import java.util.Objects;

import org.dump.crypto.CanonicalBytes;
import org.dump.crypto.Ed25519PublicKey;

/**
 * One version of a module record with its origin's signature: the unit that nodes store and replicate. The
 * signature covers every field, in the fixed order of {@link #signedBytes()}, and the payload as the exact JSON
 * text that was signed; a record changed anywhere after signing no longer {@linkplain #verify verifies}.
 *
 * @param module        module id
 * @param type          record type within the module
 * @param id            record id, unique across the network
 * @param origin        id of the node that wrote it
 * @param sequence      the origin's sequence number of this version, per (module, origin)
 * @param author        the author's pseudonym, or null
 * @param createdMillis when the record was first written, in epoch milliseconds
 * @param updatedMillis when this version was written
 * @param dataVersion   the module's data version
 * @param deleted       whether this version says the record is deleted (then the payload is null)
 * @param payload       the payload as canonical JSON text; null when deleted
 * @param signature     base64 of the origin's Ed25519 signature of {@link #signedBytes()}; null before signing
 */
public record SignedRecord(String module, String type, String id, String origin, long sequence, String author,
        long createdMillis, long updatedMillis, String dataVersion, boolean deleted, String payload,
        String signature) {

    /** Label of the signed bytes; a new layout of them takes a new label. */
    public static final String SIGNED_LABEL = "DUMP-RECORD-1";

    public SignedRecord {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(dataVersion, "dataVersion");
        if (deleted != (payload == null)) {
            throw new IllegalArgumentException("a record has a payload unless it is deleted");
        }
    }

    /** @return what the origin signs: every field but the signature */
    public byte[] signedBytes() {
        return new CanonicalBytes(SIGNED_LABEL).add(module).add(type).add(id).add(origin).add(sequence).add(author)
                .add(createdMillis).add(updatedMillis).add(dataVersion).add(deleted).add(payload).toByteArray();
    }

    /** @return this record with {@code newSignature} (base64) */
    public SignedRecord withSignature(String newSignature) {
        return new SignedRecord(module, type, id, origin, sequence, author, createdMillis, updatedMillis, dataVersion,
                deleted, payload, newSignature);
    }

    /** @return whether {@code originKey} signed exactly this record */
    public boolean verify(Ed25519PublicKey originKey) {
        if (signature == null || !originKey.fingerprint().equals(origin)) {
            return false;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return raw.length == Ed25519PublicKey.SIGNATURE_LENGTH && originKey.verify(signedBytes(), raw);
    }
}
