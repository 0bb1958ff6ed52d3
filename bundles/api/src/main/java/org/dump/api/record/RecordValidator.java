package org.dump.api.record;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module's rules for its own records. The module registers one as an OSGi service with the service property
 * {@value #MODULE} set to its module id; the node then runs it on every record of that module before storing it:
 * records its users write here, and records that arrive from other nodes, which never pass through the module's
 * REST resource. A record it refuses is not stored (a write fails with {@link InvalidRecordException}, a record
 * from a peer is refused and counted). Only the bundle that runs the module may declare its rules; the node ignores
 * a validator registered by any other bundle.
 *
 * <pre>
 * &#64;Component(property = RecordValidator.MODULE + "=market")
 * public final class ListingRules implements RecordValidator { ... }
 * </pre>
 *
 * Validators are called on many threads at once and must be quick and free of side effects. Deletions carry no
 * payload and are not validated.
 */
@ConsumerType
public interface RecordValidator {

    /** The service property that names the module whose records a validator checks. */
    String MODULE = "dump.module";

    /**
     * @param type    the record's type
     * @param payload the record's payload, as {@link ModuleRecord#payload()} holds it
     * @throws InvalidRecordException if the record breaks the module's rules; its message says which field is
     *                                wrong and why, in words for people (it reaches users and node logs)
     */
    void validate(String type, Map<String, Object> payload);
}
