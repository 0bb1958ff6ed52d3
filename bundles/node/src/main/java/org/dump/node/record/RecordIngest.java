package org.dump.node.record;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes in records that other nodes wrote, as federation receives them. Every record must verify against its
 * origin's key; a record is stored only if it is newer (a higher sequence number of the same origin) than the
 * version this node has. One call is one transaction: what it accepts is stored whole, and a refused record
 * changes nothing.
 */
@ProviderType
public interface RecordIngest {

    /** A record that was not taken, and why. */
    record Refusal(String id, String origin, String reason) {
    }

    /**
     * @param stored     records that were new here or newer than what this node had
     * @param duplicates records this node already had in that version or a newer one
     * @param refused    records that did not verify or do not fit (the sender is to blame)
     */
    record Report(List<SignedRecord> stored, int duplicates, List<Refusal> refused) {

        public Report {
            stored = List.copyOf(stored);
            refused = List.copyOf(refused);
        }
    }

    /**
     * @param records    signed records of any origins
     * @param originKeys the key of an origin node, if this node knows it
     * @throws org.dump.node.persistence.DatabaseUnavailableException when the database's disk is full
     *         ({@link org.dump.node.persistence.StorageFullException}) or it closed the connection: records of the
     *         call may have been stored, none was refused for it; the sender is to send them again later
     */
    Report ingest(List<SignedRecord> records, Function<String, Optional<Ed25519PublicKey>> originKeys);
}
