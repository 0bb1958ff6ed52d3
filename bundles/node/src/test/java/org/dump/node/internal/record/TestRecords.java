package org.dump.node.internal.record;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManagerFactory;

import org.dump.api.record.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordValidator;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.RecordInventory.Difference;
import org.dump.node.record.RecordInventory.GoneVerdict;
import org.dump.node.record.RecordInventory.Range;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordVerification;
import org.dump.node.record.SignedRecord;

/**
 * The record store's components of one node, built on one database as DS builds them (minus OSGi): the shared
 * {@link RecordCore} and, on it, {@link ModuleRecords}, {@link RemoteRecordIngest}, {@link RecordVersions},
 * {@link StoredRecordCheck} and {@link DeletionRetention}. Its methods hand each call to the component that serves
 * it, so that tests read as a node's record store is used. Stop it when done: it runs a writer thread.
 */
public final class TestRecords {

    private final RecordCore core;
    private final ModuleRecords local;
    private final RemoteRecordIngest remote;
    private final RecordVersions inventory;
    private final StoredRecordCheck verification;
    private final DeletionRetention deletions;

    public TestRecords(EntityManagerFactory factory, NodeIdentity identity, int maxPayloadBytes) {
        this(factory, identity, maxPayloadBytes, Clock.systemUTC());
    }

    public TestRecords(EntityManagerFactory factory, NodeIdentity identity, int maxPayloadBytes, Clock clock) {
        this(factory, identity, maxPayloadBytes, clock, DatabaseSpace.UNWATCHED);
    }

    /** @param space what the writes ask before they go to the database, and tell how they ended */
    public TestRecords(EntityManagerFactory factory, NodeIdentity identity, int maxPayloadBytes, Clock clock,
            DatabaseSpace space) {
        this(factory, identity, maxPayloadBytes, clock, space, null);
    }

    /** @param searchFolder where the text index lives, as {@code ${karaf.data}/dump/search} in a node; null: none */
    public TestRecords(EntityManagerFactory factory, NodeIdentity identity, int maxPayloadBytes, Path searchFolder) {
        this(factory, identity, maxPayloadBytes, Clock.systemUTC(), DatabaseSpace.UNWATCHED, searchFolder);
    }

    public TestRecords(EntityManagerFactory factory, NodeIdentity identity, int maxPayloadBytes, Clock clock,
            DatabaseSpace space, Path searchFolder) {
        core = new RecordCore(factory, identity, new RecordListeners(null), null, maxPayloadBytes, clock, space,
                searchFolder);
        local = new ModuleRecords(core);
        remote = new RemoteRecordIngest(core);
        inventory = new RecordVersions(core);
        verification = new StoredRecordCheck(core);
        deletions = new DeletionRetention(new Transactions(factory));
    }

    /** @return local writes and queries, as module stores and the node's consent use them */
    public ModuleRecords local() {
        return local;
    }

    public RecordIngest ingest() {
        return remote;
    }

    public RecordInventory inventory() {
        return inventory;
    }

    public RecordVerification verification() {
        return verification;
    }

    public ModuleRecord create(RunningModule module, String type, Map<String, ?> payload, AuthorReference author) {
        return local.create(module, type, payload, author);
    }

    public ModuleRecord update(RunningModule module, String id, Map<String, ?> payload, AuthorReference acting) {
        return local.update(module, id, payload, acting);
    }

    public void delete(RunningModule module, String id, AuthorReference acting) {
        local.delete(module, id, acting);
    }

    public Optional<ModuleRecord> get(String module, String id) {
        return local.get(module, id);
    }

    /** Declares, as a module's {@code @Module(search = ...)} does, which text fields of its records are searched. */
    public void declareSearch(String module, String... typeDotField) {
        local.declareSearch(module, List.of(typeDotField));
    }

    RecordSearch search() {
        return core.search();
    }

    /** @return the page as the search index answers it, empty if the index cannot answer (SQL would) */
    Optional<RecordPage> searchPage(String module, RecordQuery query) {
        return new SearchPages(core.search(), new SearchRows(core.transactions())).page(module, query);
    }

    public RecordPage query(String module, RecordQuery query) {
        return local.query(module, query);
    }

    public RecordIngest.Report ingest(List<SignedRecord> records,
            Function<String, Optional<Ed25519PublicKey>> originKeys) {
        return remote.ingest(records, originKeys);
    }

    public Map<String, List<Range>> summary(String module) {
        return inventory.summary(module);
    }

    public Map<String, List<Range>> unseen(String module, Map<String, List<Range>> numbers) {
        return inventory.unseen(module, numbers);
    }

    public Difference difference(String module, Map<String, List<Range>> theirs, int limit) {
        return inventory.difference(module, theirs, limit);
    }

    public GoneVerdict judgeGone(String module, Map<String, List<Range>> gone) {
        return inventory.judgeGone(module, gone);
    }

    public void noteGone(String module, Map<String, List<Range>> gone) {
        inventory.noteGone(module, gone);
    }

    public RecordVerification.Report verify(String module) {
        return verification.verify(module);
    }

    public RecordVerification.Report verify(String module, int keepFailures) {
        return verification.verify(module, keepFailures);
    }

    int collectDeleted(Instant before) {
        return deletions.collectDeleted(before);
    }

    void addValidator(String module, RecordValidator validator) {
        core.addValidator(module, validator);
    }

    /** Stops the components, last built first, as DS deactivates them. */
    public void stop() {
        deletions.stop();
        core.stop();
    }
}
