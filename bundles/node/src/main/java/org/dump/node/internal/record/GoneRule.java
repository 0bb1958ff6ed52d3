package org.dump.node.internal.record;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dump.node.record.RecordInventory.GoneVerdict;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.SequenceSet;

/**
 * The one place that decides which numbers a peer's {@code gone} may add to what this node has seen. {@code gone} is
 * not signed, so a node believes it only as far as it can bound it: never for its own origin (it knows its own
 * numbers), and for another origin only up to the highest number that origin has signed in a record this node has
 * seen ({@link HighestSigned}). Numbers above are ignored: they may come again with the origin's next record.
 */
final class GoneRule {

    /** Beyond this many numbers above an origin's highest signed one, a claim is no slip but a lie or a fault. */
    static final long ABSURD_MARGIN = 1L << 32;

    private final String self;
    private final SeenSequences seen;

    GoneRule(String self, SeenSequences seen) {
        this.self = self;
        this.seen = seen;
    }

    GoneVerdict judge(String module, Map<String, List<Range>> gone) {
        Map<String, List<Range>> accepted = new TreeMap<>();
        Map<String, List<Range>> ignored = new TreeMap<>();
        boolean absurd = false;
        for (Map.Entry<String, List<Range>> origin : gone.entrySet()) {
            List<Range> ranges = SequenceSet.of(origin.getValue()).ranges();
            if (ranges.isEmpty()) {
                continue;
            }
            long high = origin.getKey().equals(self) ? 0 : seen.highestSigned(module, origin.getKey());
            List<Range> above = high == 0 ? ranges : SequenceSet.of(ranges).minus(List.of(new Range(1, high)));
            List<Range> below = SequenceSet.of(ranges).minus(above);
            if (!below.isEmpty()) {
                accepted.put(origin.getKey(), below);
            }
            if (!above.isEmpty()) {
                ignored.put(origin.getKey(), above);
                absurd |= origin.getKey().equals(self)
                        || above.get(above.size() - 1).to() - high > ABSURD_MARGIN;
            }
        }
        return new GoneVerdict(accepted, ignored, absurd);
    }
}
