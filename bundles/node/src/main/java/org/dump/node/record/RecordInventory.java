package org.dump.node.record;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What this node has seen of a module, summarised for anti-entropy as a version vector with exceptions: per
 * origin, the ranges of sequence numbers of the versions it has seen (stored, replaced by a newer version, or
 * deleted). Two nodes that have seen the same have the same summary, however many records that is, and it stays
 * one range per origin as records change and go: a version that is gone is remembered by its number only.
 * Where summaries differ, {@link #difference} finds what the other lacks.
 */
@ProviderType
public interface RecordInventory {

    /** An inclusive range of sequence numbers. */
    record Range(long from, long to) {
    }

    /**
     * What another node lacks of a module.
     *
     * @param records records it has not seen, oldest first per origin
     * @param gone    per origin, numbers it has not seen of versions that no longer exist here (replaced or
     *                deleted): it will never get them, and should note them as seen
     * @param more    whether more is missing than this answer holds
     */
    record Difference(List<SignedRecord> records, Map<String, List<Range>> gone, boolean more) {

        public Difference {
            records = List.copyOf(records);
            gone = Map.copyOf(gone);
        }
    }

    /** @return for each origin, the sequence numbers seen of {@code module} */
    Map<String, List<Range>> summary(String module);

    /**
     * @param numbers per origin, sequence numbers of {@code module}, such as a peer announces
     * @return those of them this node has not seen, per origin (origins with none left out)
     * @since 2.2
     */
    Map<String, List<Range>> unseen(String module, Map<String, List<Range>> numbers);

    /**
     * @param theirs another node's {@link #summary}
     * @param limit  the most records to return
     * @return what {@code theirs} lacks of {@code module}; {@code gone} covers only numbers up to the last record
     *         returned, so that a node that notes it never skips a version it has not received
     */
    Difference difference(String module, Map<String, List<Range>> theirs, int limit);

    /**
     * What this node believes of a peer's {@link Difference#gone}, which is not signed: nothing of its own origin,
     * and of another origin only numbers up to the highest that origin signed in a record this node has seen.
     *
     * @param accepted the numbers {@link #noteGone} notes as seen
     * @param ignored  the others, never noted
     * @param absurd   whether the ignored numbers include some no honest peer sends (of this node's own origin, or
     *                 far above what their origin has signed): the peer lies or is broken
     */
    record GoneVerdict(Map<String, List<Range>> accepted, Map<String, List<Range>> ignored, boolean absurd) {

        public GoneVerdict {
            accepted = Map.copyOf(accepted);
            ignored = Map.copyOf(ignored);
        }
    }

    /** @return which numbers of a peer's {@code gone} {@link #noteGone} would note, and which it ignores */
    GoneVerdict judgeGone(String module, Map<String, List<Range>> gone);

    /**
     * Notes versions as seen that another node reported {@link Difference#gone}, as far as {@link #judgeGone}
     * accepts them. Never deletes or stores a record.
     */
    void noteGone(String module, Map<String, List<Range>> gone);
}
