package org.dump.api.record;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a module, as the store hands it out. Immutable. The origin node signed every field; a record
 * changed anywhere after that no longer verifies against the origin's key.
 *
 * @param module      the module that owns the record
 * @param type        the kind of record within the module, chosen by the module (e.g. {@code listing})
 * @param id          unique among all records of all nodes; chosen by the origin
 * @param origin      id of the node that wrote the record; the only node that may change it
 * @param sequence    the origin's sequence number of this version of the record, per (module, origin); every
 *                    create, update and delete takes the next one
 * @param author      pseudonym of the user who wrote it, or {@code null} if the module wrote it on its own
 * @param created     when the record was first written (millisecond precision)
 * @param updated     when this version was written
 * @param dataVersion the module's data version the record was written with
 * @param payload     the module's data: a JSON object. Values are {@code String}, {@code Boolean}, {@code Long},
 *                    {@code java.math.BigInteger}, {@code java.math.BigDecimal} (numbers with a fraction),
 *                    {@code java.util.List}, {@code Map} or {@code null}
 */
public record ModuleRecord(String module, String type, String id, String origin, long sequence,
        AuthorReference author, Instant created, Instant updated, String dataVersion, Map<String, Object> payload) {

    public ModuleRecord {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(dataVersion, "dataVersion");
        payload = Map.copyOf(Objects.requireNonNull(payload, "payload"));
    }

    /** @return the author's pseudonym, if a user wrote the record */
    public Optional<AuthorReference> authorReference() {
        return Optional.ofNullable(author);
    }

    /** @return the payload value of {@code field} if it is a string */
    public Optional<String> text(String field) {
        return payload.get(field) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** @return the payload value of {@code field} if it is a number */
    public Optional<Number> number(String field) {
        return payload.get(field) instanceof Number n ? Optional.of(n) : Optional.empty();
    }
}
