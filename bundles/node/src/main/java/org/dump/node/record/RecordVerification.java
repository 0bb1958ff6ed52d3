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
     * @param failures the ones that did not verify
     */
    record Report(String module, long checked, List<Failure> failures) {

        public Report {
            failures = List.copyOf(failures);
        }

        public boolean allVerified() {
            return failures.isEmpty();
        }
    }

    /**
     * Reads every stored record of {@code module}, deleted ones included, and checks its signature against its
     * origin's key ({@link OriginKeyDirectory}); a record whose origin's key is unknown fails.
     */
    Report verify(String module);
}
