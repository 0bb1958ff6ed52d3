package org.dump.node.internal.record;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.dump.api.author.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordQuery;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.RunningModule;
import org.dump.node.record.SignedRecord;

/**
 * What modules write on this node: records created, changed and deleted through a module's store, numbered and
 * signed by this node and handed to the {@link RecordWriter}. Only the author of a record changes it, and only on
 * the node that wrote it.
 */
final class LocalRecordWrites {

    static final Pattern TYPE = Pattern.compile(RecordQuery.TYPE_PATTERN);
    static final Pattern ID = Pattern.compile("[a-z2-7]{26}");

    private final NodeIdentity identity;
    private final RecordSigner signer;
    private final SequenceNumbers sequences;
    private final RecordWriter writer;
    private final ModuleValidators validators;
    private final int maxPayloadBytes;
    private final Clock clock;

    LocalRecordWrites(NodeIdentity identity, RecordSigner signer, SequenceNumbers sequences, RecordWriter writer,
            ModuleValidators validators, int maxPayloadBytes, Clock clock) {
        this.identity = identity;
        this.signer = signer;
        this.sequences = sequences;
        this.writer = writer;
        this.validators = validators;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    ModuleRecord create(RunningModule module, String type, Map<String, ?> payload, AuthorReference author) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidRecordException("a record type matches " + RecordQuery.TYPE_PATTERN + ": " + type);
        }
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object> written = PayloadJson.read(json);
        validators.check(module.id(), type, written);
        String textIndex = PayloadJson.textIndex(written);
        Map<String, Double> numbers = PayloadJson.numberFields(written);
        // A new record depends on nothing stored: number and sign it here, on the caller's thread, and leave the
        // writer thread only the database work.
        long now = clock.millis();
        SignedRecord signed = signer.sign(new SignedRecord(module.id(), type, RecordIds.next(now), identity.id(),
                sequences.next(module.id()), author == null ? null : author.value(), now, now,
                module.dataVersion().toString(), false, json, null));
        SignedRecord stored = writer.write(batch -> {
            RecordEntity entity = new RecordEntity(signed);
            entity.textIndex(textIndex);
            batch.persist(entity);
            batch.index(signed.id(), numbers);
            return new RecordWriter.Written(entity, signed, RecordChange.Kind.CREATED);
        });
        return RecordReads.toModuleRecord(stored);
    }

    ModuleRecord update(RunningModule module, String id, Map<String, ?> payload, AuthorReference acting) {
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object> written = PayloadJson.read(json);
        String textIndex = PayloadJson.textIndex(written);
        Map<String, Double> numbers = PayloadJson.numberFields(written);
        SignedRecord stored = writer.write(batch -> {
            RecordEntity entity = changeable(batch, module, id, acting);
            SignedRecord current = entity.toSigned();
            // The type is known only now: the module's rules run on the writer's thread, which is why they must be
            // quick.
            validators.check(module.id(), current.type(), written);
            SignedRecord unsigned = new SignedRecord(current.module(), current.type(), id, current.origin(),
                    batch.nextSequence(module.id()), current.author(), current.createdMillis(),
                    Math.max(clock.millis(), current.updatedMillis()), module.dataVersion().toString(), false, json,
                    null);
            entity.copy(unsigned);
            entity.textIndex(textIndex);
            batch.index(id, numbers);
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.UPDATED);
        });
        return RecordReads.toModuleRecord(stored);
    }

    void delete(RunningModule module, String id, AuthorReference acting) {
        writer.write(batch -> {
            RecordEntity entity = changeable(batch, module, id, acting);
            SignedRecord current = entity.toSigned();
            SignedRecord unsigned = new SignedRecord(current.module(), current.type(), id, current.origin(),
                    batch.nextSequence(module.id()), current.author(), current.createdMillis(),
                    Math.max(clock.millis(), current.updatedMillis()), current.dataVersion(), true, null, null);
            entity.copy(unsigned);
            entity.textIndex(null);
            batch.index(id, Map.of());
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.DELETED, current, true);
        });
    }

    /** @return the record, loaded for a change by {@code acting}; throws if it may not change it */
    private RecordEntity changeable(RecordWriter.Batch batch, RunningModule module, String id, AuthorReference acting) {
        RecordEntity entity = id == null || !ID.matcher(id).matches() ? null : batch.record(id);
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
}
