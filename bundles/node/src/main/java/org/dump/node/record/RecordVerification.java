package org.dump.node.record;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Checks the stored records of a module against their origins' signatures. */
@ProviderType
public interface RecordVerification {

    /** A record that did not verify. */
    record Failure(String id, String origin, String reason) {
    }

    /**
     * @param module   the module whose records to check
     * @param checked  how many records were checked
     * @param failed   how many of them did not verify
     * @param failures the first of those that did not verify, as many as were asked to be kept
     */
    record Report(String module, long checked, long failed, List<Failure> failures) {

        public Report {
            failures = List.copyOf(failures);
        }

        /** A report that keeps every failure. */
        public Report(String module, long checked, List<Failure> failures) {
            this(module, checked, failures.size(), failures);
        }

        public boolean allVerified() {
            return failed == 0;
        }
    }

    /** The failures {@link #verify(String)} keeps at most. */
    int KEPT_FAILURES = 1000;

    /**
     * Reads every stored record of {@code module}, deleted ones included, and checks its signature against its
     * origin's key ({@link OriginKeyDirectory}); a record whose origin's key is unknown fails. Keeps the first
     * {@link #KEPT_FAILURES} failures.
     */
    default Report verify(String module) {
        return verify(module, KEPT_FAILURES);
    }

    /**
     * As {@link #verify(String)}, reading the records a page at a time, so that memory does not grow with the
     * number of records.
     *
     * @param keepFailures how many failures the report names at most; all are counted
     */
    Report verify(String module, int keepFailures);
}
