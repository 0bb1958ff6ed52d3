package org.dump.node.record;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What this node holds of a module, summarised for anti-entropy: per origin, the sequence numbers of the record
 * versions it stores, as ranges. Two nodes that hold the same records have the same summary, however many
 * records that is; where they differ, {@link #missingFrom} finds what the other lacks.
 */
@ProviderType
public interface RecordInventory {

    /** An inclusive range of sequence numbers. */
    record Range(long from, long to) {
    }

    /** @return for each origin, the sequence numbers of the record versions stored for {@code module} */
    Map<String, List<Range>> summary(String module);

    /**
     * @param theirs another node's {@link #summary}
     * @param limit  the most records to return
     * @return stored records of {@code module} whose sequence numbers {@code theirs} does not cover, oldest first
     *         per origin
     */
    List<SignedRecord> missingFrom(String module, Map<String, List<Range>> theirs, int limit);
}
