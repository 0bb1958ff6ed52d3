package org.dump.node.internal.record;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.dump.api.module.ModuleNamespace;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordNotFoundException;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.SignedRecord;

/**
 * What modules write on this node: records created, changed and deleted through a module's store. Every version
 * this node writes is numbered and signed here, on the caller's thread, and only then handed to the
 * {@link RecordWriter}, which signs nothing: one path signs all of this node's records, and the writer's thread is
 * left only the database work. A change is made from the version read before it: changes of one record wait for
 * each other, from that read to their commit. Should the record still have changed in between (this node's own
 * version coming back from a peer), the prepared version is given up, its number noted as used, and the change is
 * made again from the new version. Only the author of a record changes it, and only on the node that wrote it.
 * While the database's disk is full, writes are refused before anything is numbered or signed.
 */
final class LocalRecordWrites {

    static final Pattern TYPE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    static final Pattern ID = Pattern.compile("[a-z2-7]{26}");

    /** Changes of one record that meet a concurrent change this often in a row give up. */
    private static final int ATTEMPTS = 20;

    /** Changes of one record take the lock of its stripe (by id) from their read to their commit. */
    private final Lock[] stripes = IntStream.range(0, 64).mapToObj(i -> new ReentrantLock()).toArray(Lock[]::new);

    private final NodeIdentity identity;
    private final RecordSigner signer;
    private final SequenceNumbers sequences;
    private final RecordWriter writer;
    private final ModuleValidators validators;
    private final Transactions transactions;
    private final int maxPayloadBytes;
    private final Clock clock;

    LocalRecordWrites(NodeIdentity identity, RecordSigner signer, SequenceNumbers sequences, RecordWriter writer,
            ModuleValidators validators, Transactions transactions, int maxPayloadBytes, Clock clock) {
        this.identity = identity;
        this.signer = signer;
        this.sequences = sequences;
        this.writer = writer;
        this.validators = validators;
        this.transactions = transactions;
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    ModuleRecord create(RunningModule module, String type, Map<String, ?> payload, AuthorReference author) {
        writer.checkWritable();
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidRecordException("a record type matches " + ModuleNamespace.ID_PATTERN + ": " + type);
        }
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object> written = PayloadJson.read(json);
        validators.check(module.id(), type, written);
        String textIndex = PayloadJson.textIndex(written);
        Map<String, Double> numbers = PayloadJson.numberFields(written);
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
        writer.checkWritable();
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object> written = PayloadJson.read(json);
        String textIndex = PayloadJson.textIndex(written);
        Map<String, Double> numbers = PayloadJson.numberFields(written);
        SignedRecord stored = change(module, id, acting, RecordChange.Kind.UPDATED, textIndex, numbers, current -> {
            validators.check(module.id(), current.type(), written);
            return new SignedRecord(current.module(), current.type(), id, current.origin(),
                    sequences.next(module.id()), current.author(), current.createdMillis(),
                    Math.max(clock.millis(), current.updatedMillis()), module.dataVersion().toString(), false, json,
                    null);
        });
        return RecordReads.toModuleRecord(stored);
    }

    void delete(RunningModule module, String id, AuthorReference acting) {
        writer.checkWritable();
        change(module, id, acting, RecordChange.Kind.DELETED, null, Map.of(), current -> new SignedRecord(
                current.module(), current.type(), id, current.origin(), sequences.next(module.id()), current.author(),
                current.createdMillis(), Math.max(clock.millis(), current.updatedMillis()), current.dataVersion(), true,
                null, null));
    }

    /**
     * Makes the next version of record {@code id} from the version stored now, signs it and stores it; again, from
     * the new stored version, if another change came first.
     *
     * @param next the next version, unsigned, of the current one; may refuse by throwing
     * @return the version stored
     */
    private SignedRecord change(RunningModule module, String id, AuthorReference acting, RecordChange.Kind kind,
            String textIndex, Map<String, Double> numbers, UnaryOperator<SignedRecord> next) {
        Lock stripe = stripes[Math.floorMod(Objects.hashCode(id), stripes.length)];
        stripe.lock();
        try {
            return changeAlone(module, id, acting, kind, textIndex, numbers, next);
        } finally {
            stripe.unlock();
        }
    }

    private SignedRecord changeAlone(RunningModule module, String id, AuthorReference acting, RecordChange.Kind kind,
            String textIndex, Map<String, Double> numbers, UnaryOperator<SignedRecord> next) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            SignedRecord current = changeable(module, id, acting);
            SignedRecord version = signer.sign(next.apply(current));
            SignedRecord stored = writer.write(new RecordWriter.Write() {
                @Override
                public RecordWriter.Written apply(RecordWriter.Batch batch) {
                    RecordEntity entity = batch.record(id);
                    if (entity == null || entity.toSigned().sequence() != current.sequence()) {
                        batch.wasted(version);
                        return null;
                    }
                    entity.copy(version);
                    entity.textIndex(textIndex);
                    batch.index(id, numbers);
                    return new RecordWriter.Written(entity, version, kind,
                            kind == RecordChange.Kind.DELETED ? current : null, true);
                }

                @Override
                public String recordId() {
                    return id;
                }
            });
            if (stored != null) {
                return stored;
            }
        }
        throw new IllegalStateException("record " + id + " kept changing while it was being changed; try again");
    }

    /** @return the stored version of the record, read for a change by {@code acting}; throws if it may not change it */
    private SignedRecord changeable(RunningModule module, String id, AuthorReference acting) {
        SignedRecord current = id == null || !ID.matcher(id).matches() ? null
                : transactions.read(manager -> Optional.ofNullable(manager.find(RecordEntity.class, id))
                        .map(RecordEntity::toSigned).orElse(null));
        if (current == null || !current.module().equals(module.id()) || current.deleted()) {
            throw new RecordNotFoundException("there is no record " + id + " in module " + module.id());
        }
        if (!current.origin().equals(identity.id())) {
            throw new NotAuthorException("record " + id + " was written on another node; only that node changes it");
        }
        String actingValue = acting == null ? null : acting.value();
        if (!Objects.equals(current.author(), actingValue)) {
            throw new NotAuthorException(current.author() == null
                    ? "record " + id + " belongs to the module itself; users cannot change it"
                    : "only the author of record " + id + " may change it");
        }
        return current;
    }
}
