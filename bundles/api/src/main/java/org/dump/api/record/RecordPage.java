package org.dump.api.record;

import java.util.List;
import java.util.Objects;

/**
 * One page of a query's answer.
 *
 * @param records the records on this page, in the query's order
 * @param offset  how many matching records come before this page
 * @param hasMore whether more matching records follow this page
 */
public record RecordPage(List<ModuleRecord> records, int offset, boolean hasMore) {

    public RecordPage {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
    }
}
