package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.persistence.CacheRetrieveMode;
import javax.persistence.PersistenceException;
import javax.persistence.EntityManagerFactory;

import org.dump.api.author.AuthorReference;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.NotAuthorException;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordNotFoundException;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.module.ModuleNamespace;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.persistence.Transactions;
import org.dump.node.module.RunningModule;
import org.dump.node.record.RecordFeed;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SequenceSet;
import org.dump.node.record.OriginKeyDirectory;
import org.dump.node.record.RecordVerification;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of every module on this node: written through the {@link RecordWriter}, signed by the node, read
 * and queried through JPA. Module stores ({@link ModuleRecordStore}) come here with their module id bound, so a
 * module cannot name another module's records.
 */
@Component(service = {NodeRecords.class, RecordVerification.class, RecordIngest.class, RecordInventory.class},
        configurationPid = NodeRecords.PID)
@Designate(ocd = NodeRecords.Config.class)
public final class NodeRecords implements RecordVerification, RecordIngest, RecordInventory {

    static final String PID = "org.dump.records";

    @ObjectClassDefinition(name = "DUMP records", description = "Limits of the records that modules write.")
    public @interface Config {

        @AttributeDefinition(name = "Largest payload (bytes)",
                description = "Largest JSON payload of one record, in UTF-8 bytes.", min = "1024")
        int maxPayloadBytes() default 512 * 1024;

        @AttributeDefinition(name = "Keep deletions (days)", min = "0",
                description = "How long the signed deletion of a record is kept, so that peers that were offline "
                        + "learn of it and remove their copies. After that only its sequence number is remembered.")
        int deletedRetentionDays() default 14;
    }

    /** Records checked at once before they go to the writer, which stores them while the next ones are checked. */
    private static final int INGEST_CHUNK = 500;

    private static final Pattern TYPE = Pattern.compile(RecordQuery.TYPE_PATTERN);
    private static final Pattern ID = Pattern.compile("[a-z2-7]{26}");
    private static final Pattern MODULE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern NODE = Pattern.compile("[a-z2-7]{32}");

    private final Transactions transactions;
    private final NodeIdentity identity;
    private final RecordListeners listeners;
    private static final Logger LOG = LoggerFactory.getLogger(NodeRecords.class);

    private final List<RecordFeed> feeds = new CopyOnWriteArrayList<>();
    private volatile OriginKeyDirectory originKeys;
    private final RecordWriter writer;
    private final RecordSigner signer;
    private final SequenceNumbers sequences;
    private final SeenSequences seen;
    private final GoneRule goneRule;
    private final int maxPayloadBytes;
    private final Clock clock;
    private final ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dump-record-collector");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public NodeRecords(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference NodeIdentity identity, @Reference RecordListeners listeners, Config config) {
        this(factory, identity, listeners, config.maxPayloadBytes(), Clock.systemUTC());
        Duration retention = Duration.ofDays(Math.max(0, config.deletedRetentionDays()));
        collector.scheduleWithFixedDelay(() -> {
            try {
                int removed = collectDeleted(clock.instant().minus(retention));
                if (removed > 0) {
                    LOG.info("Removed {} deletions older than {} days; their sequence numbers stay in the summary",
                            removed, retention.toDays());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not remove old deletions", e);
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    NodeRecords(EntityManagerFactory factory, NodeIdentity identity, RecordListeners listeners, int maxPayloadBytes,
            Clock clock) {
        this.transactions = new Transactions(factory);
        this.identity = identity;
        this.listeners = listeners;
        this.maxPayloadBytes = Math.max(1024, maxPayloadBytes);
        this.clock = clock;
        this.signer = new RecordSigner(identity);
        this.sequences = new SequenceNumbers(transactions, identity.id());
        this.seen = new SeenSequences(transactions);
        this.goneRule = new GoneRule(identity.id(), seen);
        this.writer = new RecordWriter(factory, signer, sequences, seen, this::committed);
    }

    @Deactivate
    void stop() {
        collector.shutdownNow();
        writer.close();
    }

    ModuleRecord create(RunningModule module, String type, Map<String, ?> payload, AuthorReference author) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new InvalidRecordException("a record type matches " + RecordQuery.TYPE_PATTERN + ": " + type);
        }
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object> written = PayloadJson.read(json);
        String textIndex = PayloadJson.textIndex(written);
        Map<String, Double> numbers = PayloadJson.numberFields(written);
        // A new record depends on nothing stored: number and sign it here, on the caller's thread, and leave the
        // writer thread only the database work.
        long now = now();
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
        return toModuleRecord(stored);
    }

    ModuleRecord update(RunningModule module, String id, Map<String, ?> payload, AuthorReference acting) {
        String json = PayloadJson.write(payload, maxPayloadBytes);
        Map<String, Object> written = PayloadJson.read(json);
        String textIndex = PayloadJson.textIndex(written);
        Map<String, Double> numbers = PayloadJson.numberFields(written);
        SignedRecord stored = writer.write(batch -> {
            RecordEntity entity = changeable(batch, module, id, acting);
            SignedRecord current = entity.toSigned();
            SignedRecord unsigned = new SignedRecord(current.module(), current.type(), id, current.origin(),
                    batch.nextSequence(module.id()), current.author(), current.createdMillis(),
                    Math.max(now(), current.updatedMillis()), module.dataVersion().toString(), false, json, null);
            entity.copy(unsigned);
            entity.textIndex(textIndex);
            batch.index(id, numbers);
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.UPDATED);
        });
        return toModuleRecord(stored);
    }

    void delete(RunningModule module, String id, AuthorReference acting) {
        writer.write(batch -> {
            RecordEntity entity = changeable(batch, module, id, acting);
            SignedRecord current = entity.toSigned();
            SignedRecord unsigned = new SignedRecord(current.module(), current.type(), id, current.origin(),
                    batch.nextSequence(module.id()), current.author(), current.createdMillis(),
                    Math.max(now(), current.updatedMillis()), current.dataVersion(), true, null, null);
            entity.copy(unsigned);
            entity.textIndex(null);
            batch.index(id, Map.of());
            return new RecordWriter.Written(entity, unsigned, RecordChange.Kind.DELETED, current, true);
        });
    }

    /**
     * @return live record {@code id} of {@code module}, of any origin; for the module's own store, and for the
     *         node's consent, which asks who wrote a record
     */
    public Optional<ModuleRecord> get(String module, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return transactions.read(manager -> Optional.ofNullable(manager.find(RecordEntity.class, id))
                .filter(e -> e.module().equals(module) && !e.deleted())
                .map(e -> toModuleRecord(e.toSigned())));
    }

    RecordPage query(String module, RecordQuery query) {
        if (!RecordQueries.needsRecheck(query)) {
            List<RecordEntity> found = transactions.read(manager -> RecordQueries
                    .rows(manager, module, query, query.offset(), query.limit() + 1).getResultList());
            List<ModuleRecord> records = new ArrayList<>(Math.min(found.size(), query.limit()));
            for (int i = 0; i < found.size() && i < query.limit(); i++) {
                records.add(toModuleRecord(found.get(i).toSigned()));
            }
            return new RecordPage(records, query.offset(), found.size() > query.limit());
        }
        // Text filters: SQL finds the records whose text index holds the words, the payload says in which field.
        // Read on in chunks until the page (and one more record, to tell whether more follow) is full.
        // Chunks double in size, so that a rare match costs a few queries, not one per 200 records.
        List<ModuleRecord> records = new ArrayList<>();
        int skipped = 0;
        int chunk = Math.max(200, 2 * (query.offset() + query.limit() + 1));
        for (int first = 0;; first += chunk, chunk = Math.min(chunk * 2, 100_000)) {
            int from = first;
            int size = chunk;
            List<RecordEntity> found = transactions.read(manager -> RecordQueries
                    .rows(manager, module, query, from, size).getResultList());
            for (RecordEntity entity : found) {
                ModuleRecord record = toModuleRecord(entity.toSigned());
                if (!RecordQueries.matches(query, record.payload())) {
                    continue;
                }
                if (skipped < query.offset()) {
                    skipped++;
                } else if (records.size() == query.limit()) {
                    return new RecordPage(records, query.offset(), true);
                } else {
                    records.add(record);
                }
            }
            if (found.size() < size) {
                return new RecordPage(records, query.offset(), false);
            }
        }
    }

    @Override
    public RecordIngest.Report ingest(List<SignedRecord> records,
            Function<String, Optional<Ed25519PublicKey>> originKeys) {
        List<Refusal> refused = new ArrayList<>();
        List<Indexed> acceptable = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<SignedRecord>> pending = new ArrayList<>();
        Function<String, Optional<Ed25519PublicKey>> keys = origin -> keyOf(origin, originKeys);
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

    @Override
    public Map<String, List<Range>> summary(String module) {
        return seen.summary(module);
    }

    @Override
    public Difference difference(String module, Map<String, List<Range>> theirs, int limit) {
        // Read by plain JDBC, origin by origin, in sequence order along the DUMP_RECORD_SEQ index: a page of 2,000
        // records read as entities, by a list of ids, cost the holder about 60 µs a record, more than the asker
        // spends storing it. It writes nothing: the transaction is how EclipseLink hands out its connection.
        return transactions.write(manager -> {
            Connection connection = manager.unwrap(Connection.class);
            List<SignedRecord> missing = new ArrayList<>();
            Map<String, List<Range>> gone = new java.util.TreeMap<>();
            boolean more = false;
            for (Map.Entry<String, List<Range>> origin : seen.summary(module).entrySet()) {
                List<Range> lacking = SequenceSet.of(origin.getValue())
                        .minus(theirs.getOrDefault(origin.getKey(), List.of()));
                if (lacking.isEmpty()) {
                    continue;
                }
                SequenceSet held = new SequenceSet();
                SequenceSet goneHere = new SequenceSet();
                // Versions of this origin that the other lacks and this node holds: records to send, at most the limit.
                long last = Long.MAX_VALUE;
                for (SignedRecord record : heldVersions(connection, module, origin.getKey(), lacking,
                        limit - missing.size() + 1)) {
                    if (missing.size() == limit) {
                        more = true;
                        last = record.sequence() - 1;
                        break;
                    }
                    missing.add(record);
                    held.add(record.sequence());
                }
                for (Range range : lacking) {
                    if (range.from() <= last) {
                        goneHere.add(range.from(), Math.min(range.to(), last));
                    }
                }
                List<Range> goneRanges = goneHere.minus(held.ranges());
                if (!goneRanges.isEmpty()) {
                    gone.put(origin.getKey(), goneRanges);
                }
                if (more) {
                    break;
                }
            }
            return new Difference(missing, gone, more);
        });
    }

    /**
     * @return the stored versions of {@code origin} whose numbers lie in {@code lacking}, in order of sequence
     *         number, the first {@code wanted} of them; a few ranges are asked for one by one through the sequence
     *         index, many in one pass from the first of them
     */
    private static List<SignedRecord> heldVersions(Connection connection, String module, String origin,
            List<Range> lacking, int wanted) {
        String select = "SELECT " + RecordEntity.COLUMNS + " FROM DUMP_RECORD WHERE MODULE = ? AND ORIGIN = ?"
                + " AND SEQ BETWEEN ? AND ? ORDER BY SEQ";
        List<SignedRecord> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(select)) {
            query.setString(1, module);
            query.setString(2, origin);
            if (lacking.size() <= 64) {
                for (Range range : lacking) {
                    if (rows.size() >= wanted) {
                        break;
                    }
                    query.setLong(3, range.from());
                    query.setLong(4, range.to());
                    query.setMaxRows(wanted - rows.size());
                    readAll(query, rows, null, wanted);
                }
                return rows;
            }
            query.setLong(3, lacking.get(0).from());
            query.setLong(4, lacking.get(lacking.size() - 1).to());
            readAll(query, rows, SequenceSet.of(lacking), wanted);
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the records a peer lacks: " + e.getMessage(), e);
        }
    }

    /**
     * Adds the rows {@code query} finds to {@code rows}, all or those whose number {@code only} holds, until
     * {@code rows} has {@code wanted}; the rest is never read.
     */
    private static void readAll(PreparedStatement query, List<SignedRecord> rows, SequenceSet only, int wanted)
            throws SQLException {
        try (ResultSet found = query.executeQuery()) {
            while (rows.size() < wanted && found.next()) {
                SignedRecord record = RecordEntity.fromRow(found);
                if (only == null || only.contains(record.sequence())) {
                    rows.add(record);
                }
            }
        }
    }

    @Override
    public GoneVerdict judgeGone(String module, Map<String, List<Range>> gone) {
        return goneRule.judge(module, gone);
    }

    @Override
    public void noteGone(String module, Map<String, List<Range>> reported) {
        Map<String, List<Range>> gone = goneRule.judge(module, reported).accepted();
        if (gone.isEmpty()) {
            return;
        }
        writer.write(batch -> {
            gone.forEach((origin, ranges) -> ranges.forEach(range -> batch.markSeen(module, origin, range.from(),
                    range.to())));
            return null;
        });
    }

    /**
     * Removes the delete versions of records deleted before {@code before}. Their numbers stay in the summary, so
     * no node asks for them again; a node that was offline for longer than that learns of the numbers only
     * (as {@link Difference#gone}) and keeps its copy of such a record.
     *
     * @return how many were removed
     */
    int collectDeleted(Instant before) {
        return transactions.write(manager -> manager.createQuery(
                        "DELETE FROM RecordEntity r WHERE r.deleted = TRUE AND r.updatedMillis < :before")
                .setParameter("before", before.toEpochMilli()).executeUpdate());
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
            return Indexed.of(record);
        } catch (InvalidRecordException e) {
            return new Refusal(record.id(), record.origin(), e.getMessage());
        }
    }

    /** @return why a record from another node cannot be taken, or empty if it can, its payload aside */
    private Optional<String> problemOfRemote(SignedRecord record, Function<String, Optional<Ed25519PublicKey>> keys,
            boolean signed) {
        if (!ID.matcher(record.id()).matches() || !TYPE.matcher(record.type()).matches()
                || !MODULE.matcher(record.module()).matches() || !NODE.matcher(record.origin()).matches()) {
            return Optional.of("malformed id, type, module or origin");
        }
        if (record.sequence() < 1 || record.createdMillis() < 0 || record.updatedMillis() < record.createdMillis()) {
            return Optional.of("impossible sequence number or times");
        }
        if (record.payload() != null
                && record.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxPayloadBytes) {
            return Optional.of("payload larger than the " + maxPayloadBytes + " bytes this node takes");
        }
        return signatureProblem(record, keys, signed);
    }

    /** A verified record of another node with what its payload adds to the indexes, worked out before writing. */
    private record Indexed(SignedRecord record, String textIndex, Map<String, Double> numbers) {

        static Indexed of(SignedRecord record) {
            if (record.deleted()) {
                return new Indexed(record, null, Map.of());
            }
            Map<String, Object> payload = PayloadJson.read(record.payload());
            return new Indexed(record, PayloadJson.textIndex(payload), PayloadJson.numberFields(payload));
        }
    }

    /** Stores a verified record of another node if it is newer than this node's version of it. */
    private RecordWriter.Written storeRemote(RecordWriter.Batch batch, Indexed indexed) {
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

    @Override
    public RecordVerification.Report verify(String module) {
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
            List<SignedRecord> records = page.stream().map(RecordEntity::toSigned).toList();
            // Records of other origins against the keys federation knows; without federation, none.
            Function<String, Optional<Ed25519PublicKey>> keys = origin -> keyOf(origin,
                    other -> originKeys == null ? Optional.empty() : originKeys.keyOf(other));
            boolean[] signed = RecordSignatures.check(records, keys);
            for (int i = 0; i < records.size(); i++) {
                SignedRecord record = records.get(i);
                checked[0]++;
                signedContentProblem(record, keys, signed[i])
                        .ifPresent(reason -> failures.add(new Failure(record.id(), record.origin(), reason)));
                after = record.id();
            }
            if (page.size() < pageSize) {
                return new RecordVerification.Report(module, checked[0], failures);
            }
        }
    }

    /** @return the key of {@code origin}: this node's own, or as {@code others} know it */
    private Optional<Ed25519PublicKey> keyOf(String origin, Function<String, Optional<Ed25519PublicKey>> others) {
        return origin.equals(identity.id()) ? Optional.of(identity.publicKey()) : others.apply(origin);
    }

    /**
     * @param keys   the key of each origin
     * @param signed whether {@link RecordSignatures} found the record's signature valid
     * @return why {@code record} does not verify against its origin's key or holds no JSON object, or empty if it
     *         is sound
     */
    private Optional<String> signedContentProblem(SignedRecord record, Function<String, Optional<Ed25519PublicKey>> keys,
            boolean signed) {
        Optional<String> problem = signatureProblem(record, keys, signed);
        if (problem.isPresent() || record.deleted()) {
            return problem;
        }
        try {
            PayloadJson.read(record.payload());
            return Optional.empty();
        } catch (InvalidRecordException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** @return why {@code record} does not verify against its origin's key, or empty if it does */
    private static Optional<String> signatureProblem(SignedRecord record,
            Function<String, Optional<Ed25519PublicKey>> keys, boolean signed) {
        if (keys.apply(record.origin()).isEmpty()) {
            return Optional.of("the key of origin " + record.origin() + " is not known to this node");
        }
        if (!signed) {
            return Optional.of("the signature does not match the record's content and origin");
        }
        return Optional.empty();
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setOriginKeys(OriginKeyDirectory directory) {
        originKeys = directory;
    }

    void unsetOriginKeys(OriginKeyDirectory directory) {
        if (originKeys == directory) {
            originKeys = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFeed(RecordFeed feed) {
        feeds.add(feed);
    }

    void removeFeed(RecordFeed feed) {
        feeds.remove(feed);
    }

    private void committed(List<RecordWriter.SignedRecordChange> changes) {
        if (!feeds.isEmpty()) {
            List<SignedRecord> written = changes.stream().filter(RecordWriter.SignedRecordChange::local)
                    .map(RecordWriter.SignedRecordChange::record).toList();
            if (!written.isEmpty()) {
                for (RecordFeed feed : feeds) {
                    try {
                        feed.written(written);
                    } catch (RuntimeException e) {
                        LOG.warn("Record feed {} failed", feed.getClass().getName(), e);
                    }
                }
            }
        }
        if (!listeners.anyone()) {
            return;
        }
        listeners.announce(changes.stream().filter(c -> c.kind() != null)
                .map(c -> new RecordChange(c.kind(), toModuleRecord(c.before() != null ? c.before() : c.record()),
                        c.local()))
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
