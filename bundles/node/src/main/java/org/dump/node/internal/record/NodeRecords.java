package org.dump.node.internal.record;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.CacheRetrieveMode;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.api.author.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.crypto.Identifiers;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.internal.persistence.Transactions;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordVerification;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The records of every module on this node: written through the {@link RecordWriter}, signed by the node, read
 * and queried through JPA. Module stores ({@link ModuleRecordStore}) come here with their module id bound, so a
 * module cannot name another module's records.
 */
@Component(service = {NodeRecords.class, RecordVerification.class}, configurationPid = NodeRecords.PID)
@Designate(ocd = NodeRecords.Config.class)
public final class NodeRecords implements RecordVerification {

    static final String PID = "org.dump.records";

    @ObjectClassDefinition(name = "DUMP records", description = "Limits of the records that modules write.")
    public @interface Config {

        @AttributeDefinition(name = "Largest payload (bytes)",
                description = "Largest JSON payload of one record, in UTF-8 bytes.", min = "1024")
        int maxPayloadBytes() default 512 * 1024;
    }

    private static final Pattern TYPE = Pattern.compile(RecordQuery.TYPE_PATTERN);
    private static final Pattern ID = Pattern.compile("[a-z2-7]{26}");

    private final Transactions transactions;
    private final NodeIdentity identity;
    private final RecordListeners listeners;
    private final RecordWriter writer;
    private final int maxPayloadBytes;
    private final Clock clock;

    @Activate
    public NodeRecords(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference NodeIdentity identity, @Reference RecordListeners listeners, Config config) {
        this(factory, identity, listeners, config.maxPayloadBytes(), Clock.systemUTC());
    }

    NodeRecords(EntityManagerFactory factory, NodeIdentity identity, RecordListeners listeners, int maxPayloadBytes,
            Clock clock) {
        this.transactions = new Transactions(factory);
        this.identity = identity;
        this.listeners = listeners;
        this.maxPayloadBytes = Math.max(1024, maxPayloadBytes);
        this.clock = clock;
        this.writer = new RecordWriter(factory, new RecordSigner(identity), this::committed);
    }

    @Deactivate
    void stop() {
        writer.close();
    }

    ModuleRecord create(RunningModule module, String type, Map<String, ?> payload, AuthorReference author) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidRecordException("a record type matches " + RecordQuery.TYPE_PATTERN + ": " + type);
        }
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object[]> fields = PayloadJson.indexedFields(PayloadJson.read(json));
        String id = Identifiers.random();
        SignedRecord stored = writer.write(batch -> {
            long now = now();
            SignedRecord unsigned = new SignedRecord(module.id(), type, id, identity.id(),
                    batch.nextSequence(module.id()), author == null ? null : author.value(), now, now,
                    module.dataVersion().toString(), false, json, null);
            RecordEntity entity = new RecordEntity(unsigned);
            batch.entities().persist(entity);
            index(batch, id, fields, true);
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.CREATED);
        });
        return toModuleRecord(stored);
    }

    ModuleRecord update(RunningModule module, String id, Map<String, ?> payload, AuthorReference acting) {
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object[]> fields = PayloadJson.indexedFields(PayloadJson.read(json));
        SignedRecord stored = writer.write(batch -> {
            RecordEntity entity = changeable(batch.entities(), module, id, acting);
            SignedRecord current = entity.toSigned();
            SignedRecord unsigned = new SignedRecord(current.module(), current.type(), id, current.origin(),
                    batch.nextSequence(module.id()), current.author(), current.createdMillis(),
                    Math.max(now(), current.updatedMillis()), module.dataVersion().toString(), false, json, null);
            entity.copy(unsigned);
            index(batch, id, fields, false);
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.UPDATED);
        });
        return toModuleRecord(stored);
    }

    void delete(RunningModule module, String id, AuthorReference acting) {
        writer.write(batch -> {
            RecordEntity entity = changeable(batch.entities(), module, id, acting);
            SignedRecord current = entity.toSigned();
            SignedRecord unsigned = new SignedRecord(current.module(), current.type(), id, current.origin(),
                    batch.nextSequence(module.id()), current.author(), current.createdMillis(),
                    Math.max(now(), current.updatedMillis()), current.dataVersion(), true, null, null);
            entity.copy(unsigned);
            index(batch, id, Map.of(), false);
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.DELETED, current);
        });
    }

    Optional<ModuleRecord> get(String module, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return transactions.read(manager -> Optional.ofNullable(manager.find(RecordEntity.class, id))
                .filter(e -> e.module().equals(module) && !e.deleted())
                .map(e -> toModuleRecord(e.toSigned())));
    }

    RecordPage query(String module, RecordQuery query) {
        List<RecordEntity> found = transactions.read(manager -> RecordQueries.page(manager, module, query).getResultList());
        boolean more = found.size() > query.limit();
        List<ModuleRecord> records = new ArrayList<>(Math.min(found.size(), query.limit()));
        for (int i = 0; i < found.size() && i < query.limit(); i++) {
            records.add(toModuleRecord(found.get(i).toSigned()));
        }
        return new RecordPage(records, query.offset(), more);
    }

    @Override
    public Report verify(String module) {
        Objects.requireNonNull(module, "module");
        List<Failure> failures = new ArrayList<>();
        long[] checked = {0};
        int pageSize = 1000;
        String after = "";
        while (true) {
            String from = after;
            List<RecordEntity> page = transactions.read(manager -> manager.createQuery(
                            "SELECT r FROM RecordEntity r WHERE r.module = :module AND r.id > :after ORDER BY r.id",
                            RecordEntity.class)
                    // Check what the database holds, never a cached copy of what the node once wrote.
                    .setHint("javax.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS)
                    .setParameter("module", module).setParameter("after", from).setMaxResults(pageSize)
                    .getResultList());
            for (RecordEntity entity : page) {
                SignedRecord record = entity.toSigned();
                checked[0]++;
                problem(record).ifPresent(reason -> failures.add(new Failure(record.id(), record.origin(), reason)));
                after = record.id();
            }
            if (page.size() < pageSize) {
                return new Report(module, checked[0], failures);
            }
        }
    }

    /** @return why {@code record} does not verify, or empty if it does */
    private Optional<String> problem(SignedRecord record) {
        if (!record.origin().equals(identity.id())) {
            // Other nodes' keys arrive with federation; until then their records cannot be checked here.
            return Optional.of("the key of origin " + record.origin() + " is not known to this node");
        }
        if (!record.verify(identity.publicKey())) {
            return Optional.of("the signature does not match the record's content");
        }
        if (!record.deleted()) {
            try {
                PayloadJson.read(record.payload());
            } catch (InvalidRecordException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** @return the record, loaded for a change by {@code acting}; throws if it may not change it */
    private RecordEntity changeable(EntityManager manager, RunningModule module, String id, AuthorReference acting) {
        RecordEntity entity = id == null || !ID.matcher(id).matches() ? null : manager.find(RecordEntity.class, id);
        if (entity == null || !entity.module().equals(module.id()) || entity.deleted()) {
            throw new RecordNotFoundException("there is no record " + id + " in module " + module.id());
        }
        SignedRecord current = entity.toSigned();
        if (!current.origin().equals(identity.id())) {
            throw new NotAuthorException("record " + id + " was written on another node; only that node changes it");
        }
        String actingValue = acting == null ? null : acting.value();
        if (!Objects.equals(current.author(), actingValue)) {
            throw new NotAuthorException(current.author() == null
                    ? "record " + id + " belongs to the module itself; users cannot change it"
                    : "only the author of record " + id + " may change it");
        }
        return entity;
    }

    /** Makes the field rows of a record say what {@code fields} says: changed rows updated, others added or removed. */
    private static void index(RecordWriter.Batch batch, String id, Map<String, Object[]> fields, boolean fresh) {
        Map<String, RecordFieldEntity> rows = batch.fieldRows(id, fresh);
        EntityManager manager = batch.entities();
        for (String gone : List.copyOf(rows.keySet())) {
            if (!fields.containsKey(gone)) {
                manager.remove(rows.remove(gone));
            }
        }
        fields.forEach((name, value) -> {
            RecordFieldEntity row = rows.get(name);
            if (row == null) {
                row = new RecordFieldEntity(id, name);
                row.set((String) value[0], (Double) value[1]);
                manager.persist(row);
                rows.put(name, row);
            } else {
                row.set((String) value[0], (Double) value[1]);
            }
        });
    }

    private void committed(List<RecordWriter.SignedRecordChange> changes) {
        listeners.announce(changes.stream()
                .map(c -> new RecordChange(c.kind(), toModuleRecord(c.before() != null ? c.before() : c.record()), true))
                .toList());
    }

    private long now() {
        return clock.millis();
    }

    static ModuleRecord toModuleRecord(SignedRecord record) {
        return new ModuleRecord(record.module(), record.type(), record.id(), record.origin(), record.sequence(),
                record.author() == null ? null : new AuthorReference(record.author()),
                Instant.ofEpochMilli(record.createdMillis()), Instant.ofEpochMilli(record.updatedMillis()),
                record.dataVersion(), record.deleted() ? Map.of() : PayloadJson.read(record.payload()));
    }
}
