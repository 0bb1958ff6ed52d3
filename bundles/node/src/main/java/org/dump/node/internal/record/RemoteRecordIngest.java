package org.dump.node.internal.record;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.dump.api.module.ModuleNamespace;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.RecordChange;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.RecordIngest.Refusal;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Records of other nodes, as federation receives them ({@link RecordIngest}): checked against their origin's key
 * on the caller's threads, then stored by the node's one {@link RecordWriter} if newer than this node's version.
 * When the database's disk is full, a whole call fails with a
 * {@link org.dump.node.persistence.StorageFullException} (a {@code DatabaseUnavailableException} if the database
 * closed the connection under it): none of it is the sender's fault, none is counted refused.
 */
@Component(service = RecordIngest.class)
public final class RemoteRecordIngest implements RecordIngest {

    /** Records checked at once before they go to the writer, which stores them while the next ones are checked. */
    private static final int INGEST_CHUNK = 500;

    private static final Pattern MODULE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern NODE = Pattern.compile("[a-z2-7]{32}");

    /** How far ahead of this node's clock a record's times may be: clocks differ, years in the future do not. */
    static final Duration CLOCK_SKEW = Duration.ofDays(1);

    private final OriginTrust trust;
    private final RecordWriter writer;
    private final ModuleValidators validators;
    private final int maxPayloadBytes;
    private final Clock clock;

    @Activate
    public RemoteRecordIngest(@Reference RecordCore core) {
        this.trust = core.trust();
        this.writer = core.writer();
        this.validators = core.validators();
        this.maxPayloadBytes = core.maxPayloadBytes();
        this.clock = core.clock();
    }

    @Override
    public RecordIngest.Report ingest(List<SignedRecord> records, Function<String, Optional<Ed25519PublicKey>> originKeys) {
        if (!records.isEmpty()) {
            writer.checkWritable(); // a full disk refuses the batch as a whole, before its signatures are checked
        }
        List<Refusal> refused = new ArrayList<>();
        List<Indexed> acceptable = new ArrayList<>();
        List<CompletableFuture<SignedRecord>> pending = new ArrayList<>();
        Function<String, Optional<Ed25519PublicKey>> keys = origin -> trust.keyOf(origin, originKeys);
        // Checking signatures and reading payloads is most of the work: it runs on the caller's threads, all cores
        // at once, a chunk at a time, while the writer's thread stores the chunk before.
        for (int from = 0; from < records.size(); from += INGEST_CHUNK) {
            List<SignedRecord> chunk = records.subList(from, Math.min(records.size(), from + INGEST_CHUNK));
            boolean[] signed = RecordSignatures.check(chunk, keys);
            List<Object> checked = IntStream.range(0, chunk.size()).parallel()
                    .mapToObj(i -> checkRemote(chunk.get(i), keys, signed[i])).toList();
            List<RecordWriter.Write> writes = new ArrayList<>();
            for (Object check : checked) {
                if (check instanceof Refusal refusal) {
                    refused.add(refusal);
                } else {
                    Indexed indexed = (Indexed) check;
                    acceptable.add(indexed);
                    writes.add(new RecordWriter.Write() {
                        @Override
                        public RecordWriter.Written apply(RecordWriter.Batch batch) {
                            return storeRemote(batch, indexed);
                        }

                        @Override
                        public String recordId() {
                            return indexed.record().id();
                        }
                    });
                }
            }
            pending.addAll(writer.submitAll(writes));
        }
        List<Object> outcomes = RecordWriter.awaitAll(pending);
        List<SignedRecord> stored = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof SignedRecord record) {
                stored.add(record);
            } else if (outcome instanceof RuntimeException e) {
                SignedRecord record = acceptable.get(i).record();
                refused.add(new Refusal(record.id(), record.origin(), e.getMessage()));
            } else {
                duplicates++;
            }
        }
        return new RecordIngest.Report(stored, duplicates, refused);
    }

    /**
     * @return the record of another node with what it adds to the indexes, if it can be taken, else its
     *         {@link Refusal}; its payload is read once, both to check it and to index it
     */
    private Object checkRemote(SignedRecord record, Function<String, Optional<Ed25519PublicKey>> keys,
            boolean signed) {
        Optional<String> problem = problemOfRemote(record, keys, signed);
        if (problem.isPresent()) {
            return new Refusal(record.id(), record.origin(), problem.get());
        }
        try {
            Indexed.Read indexed = Indexed.of(record);
            // The module's own rules, as for a record written here: a peer's record never passed its REST resource.
            Optional<String> refused = record.deleted() ? Optional.empty()
                    : validators.problem(record.module(), record.type(), indexed.payload());
            return refused.isPresent() ? new Refusal(record.id(), record.origin(), refused.get()) : indexed.indexed();
        } catch (InvalidRecordException e) {
            return new Refusal(record.id(), record.origin(), e.getMessage());
        }
    }

    /** @return why a record from another node cannot be taken, or empty if it can, its payload aside */
    private Optional<String> problemOfRemote(SignedRecord record, Function<String, Optional<Ed25519PublicKey>> keys,
            boolean signed) {
        if (!LocalRecordWrites.ID.matcher(record.id()).matches()
                || !LocalRecordWrites.TYPE.matcher(record.type()).matches()
                || !MODULE.matcher(record.module()).matches() || !NODE.matcher(record.origin()).matches()) {
            return Optional.of("malformed id, type, module or origin");
        }
        if (record.sequence() < 1 || record.createdMillis() < 0 || record.updatedMillis() < record.createdMillis()) {
            return Optional.of("impossible sequence number or times");
        }
        if (record.updatedMillis() > clock.millis() + CLOCK_SKEW.toMillis()) {
            return Optional.of("written in the future (" + Instant.ofEpochMilli(record.updatedMillis())
                    + "), more than " + CLOCK_SKEW.toHours() + " hours ahead of this node's clock");
        }
        if (record.payload() != null && record.payload().getBytes(StandardCharsets.UTF_8).length > maxPayloadBytes) {
            return Optional.of("payload larger than the " + maxPayloadBytes + " bytes this node takes");
        }
        return OriginTrust.signatureProblem(record, keys, signed);
    }

    /** A verified record of another node with what its payload adds to the indexes, worked out before writing. */
    private record Indexed(SignedRecord record, String textIndex, Map<String, Double> numbers) {

        /** The payload as read, and the record with its indexes. */
        record Read(Map<String, Object> payload, Indexed indexed) {
        }

        static Read of(SignedRecord record) {
            if (record.deleted()) {
                return new Read(Map.of(), new Indexed(record, null, Map.of()));
            }
            Map<String, Object> payload = PayloadJson.read(record.payload());
            PayloadJson.requireNoTopLevelNull(payload);
            return new Read(payload, new Indexed(record, PayloadJson.textIndex(payload), PayloadJson.numberFields(payload)));
        }
    }

    /** Stores a verified record of another node if it is newer than this node's version of it. */
    private static RecordWriter.Written storeRemote(RecordWriter.Batch batch, Indexed indexed) {
        SignedRecord record = indexed.record();
        RecordEntity entity = batch.record(record.id());
        SignedRecord current = entity == null ? null : entity.toSigned();
        if (current != null && (!current.module().equals(record.module()) || !current.origin().equals(record.origin())
                || !current.type().equals(record.type()))) {
            throw new InvalidRecordException("record id " + record.id() + " belongs to another module, origin or type");
        }
        if (current != null && current.sequence() >= record.sequence()
                || current == null && batch.seen(record.module(), record.origin(), record.sequence())) {
            // An older version, or one of a record that is gone here: seen, not stored. Nothing comes back to life.
            batch.markSeen(record.module(), record.origin(), record.sequence(), record.sequence());
            return null;
        }
        if (entity == null) {
            entity = new RecordEntity(record);
            batch.persist(entity);
        } else {
            entity.copy(record);
        }
        entity.textIndex(indexed.textIndex());
        batch.index(record.id(), indexed.numbers());
        RecordChange.Kind kind = record.deleted() ? (current == null || current.deleted() ? null : RecordChange.Kind.DELETED)
                : current == null || current.deleted() ? RecordChange.Kind.CREATED : RecordChange.Kind.UPDATED;
        return new RecordWriter.Written(entity, record, kind, record.deleted() ? current : null, false);
    }
}
