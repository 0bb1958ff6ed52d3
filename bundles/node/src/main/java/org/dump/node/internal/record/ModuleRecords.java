package org.dump.node.internal.record;

import java.util.Map;
import java.util.Optional;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.node.module.RunningModule;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The records of this node's modules as modules see them: written here ({@link LocalRecordWrites}) and read, of any
 * origin ({@link RecordReads}). Module stores ({@link ModuleRecordStore}) come here with their module bound, so a
 * module cannot name another module's records; the node's consent asks who wrote a record.
 */
@Component(service = ModuleRecords.class)
public final class ModuleRecords {

    private final LocalRecordWrites writes;
    private final RecordReads reads;
    private final RecordSearch search;

    @Activate
    public ModuleRecords(@Reference RecordCore core) {
        this.writes = new LocalRecordWrites(core.identity(), core.signer(), core.sequences(), core.writer(),
                core.validators(), core.transactions(), core.maxPayloadBytes(), core.clock());
        this.reads = new RecordReads(core.transactions(), core.search());
        this.search = core.search();
    }

    /** Notes which text fields of its records {@code module} declares searchable ({@code type.field} each). */
    void declareSearch(String module, java.util.Collection<String> fields) {
        search.declare(module, SearchDeclarations.of(fields));
    }

    ModuleRecord create(RunningModule module, String type, Map<String, ?> payload, AuthorReference author) {
        return writes.create(module, type, payload, author);
    }

    ModuleRecord update(RunningModule module, String id, Map<String, ?> payload, AuthorReference acting) {
        return writes.update(module, id, payload, acting);
    }

    void delete(RunningModule module, String id, AuthorReference acting) {
        writes.delete(module, id, acting);
    }

    /**
     * @return live record {@code id} of {@code module}, of any origin; for the module's own store, and for the
     *         node's consent, which asks who wrote a record
     */
    public Optional<ModuleRecord> get(String module, String id) {
        return reads.get(module, id);
    }

    RecordPage query(String module, RecordQuery query) {
        return reads.query(module, query);
    }
}
