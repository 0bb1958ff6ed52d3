package org.dump.node.internal.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.persistence.EntityManagerFactory;

import org.dump.api.author.AuthorReference;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordPage;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordValidator;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.OriginKeyDirectory;
import org.dump.node.record.RecordFeed;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.RecordVerification;
import org.dump.node.record.SignedRecord;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
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
 * The records of every module on this node. This component owns what all of them share (the one
 * {@link RecordWriter} and its thread, the node's signer and sequence numbers, the configuration) and registers the
 * store's services; each service's work is a class of its own: {@link LocalRecordWrites} and {@link RecordReads}
 * for module stores ({@link ModuleRecordStore}, which come here with their module id bound, so a module cannot
 * name another module's records), {@link RemoteRecordIngest}, {@link RecordVersions} and {@link StoredRecordCheck}
 * for federation and the shell.
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

    private static final Logger LOG = LoggerFactory.getLogger(NodeRecords.class);

    private volatile OriginKeyDirectory originKeys;
    private final RecordWriter writer;
    private final RecordFeeds feeds;
    private final LocalRecordWrites writes;
    private final RecordReads reads;
    private final RemoteRecordIngest remote;
    private final RecordVersions versions;
    private final StoredRecordCheck check;
    private final ModuleValidators validators = new ModuleValidators();
    private final Clock clock;
    @Reference
    private volatile ModuleRegistry modules;
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
        Transactions transactions = new Transactions(factory);
        RecordIndexes.ensure(transactions);
        int maxBytes = Math.max(1024, maxPayloadBytes);
        this.clock = clock;
        RecordSigner signer = new RecordSigner(identity);
        SequenceNumbers sequences = new SequenceNumbers(transactions, identity.id());
        SeenSequences seen = new SeenSequences(transactions);
        OriginTrust trust = new OriginTrust(identity);
        this.feeds = new RecordFeeds(listeners);
        this.writer = new RecordWriter(factory, sequences, seen, feeds::committed);
        this.writes = new LocalRecordWrites(identity, signer, sequences, writer, validators, transactions, maxBytes,
                clock);
        this.reads = new RecordReads(transactions);
        this.remote = new RemoteRecordIngest(trust, writer, validators, maxBytes, clock);
        this.versions = new RecordVersions(transactions, seen, writer, identity.id());
        this.check = new StoredRecordCheck(transactions, trust, () -> originKeys);
    }

    @Deactivate
    void stop() {
        collector.shutdownNow();
        writer.close();
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

    @Override
    public RecordIngest.Report ingest(List<SignedRecord> records,
            Function<String, Optional<Ed25519PublicKey>> originKeys) {
        return remote.ingest(records, originKeys);
    }

    @Override
    public Map<String, List<Range>> summary(String module) {
        return versions.summary(module);
    }

    @Override
    public Difference difference(String module, Map<String, List<Range>> theirs, int limit) {
        return versions.difference(module, theirs, limit);
    }

    @Override
    public GoneVerdict judgeGone(String module, Map<String, List<Range>> gone) {
        return versions.judgeGone(module, gone);
    }

    @Override
    public void noteGone(String module, Map<String, List<Range>> gone) {
        versions.noteGone(module, gone);
    }

    /** @see RecordVersions#collectDeleted */
    int collectDeleted(Instant before) {
        return versions.collectDeleted(before);
    }

    @Override
    public RecordVerification.Report verify(String module, int keepFailures) {
        return check.verify(module, keepFailures);
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

    /** A module's rules for its records, if the bundle that declares them runs the module it names. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addValidator(RecordValidator validator, ServiceReference<RecordValidator> reference) {
        if (!(reference.getProperty(RecordValidator.MODULE) instanceof String module)) {
            LOG.warn("Bundle {} registered record rules without the {} property; they are ignored",
                    reference.getBundle().getSymbolicName(), RecordValidator.MODULE);
            return;
        }
        Bundle bundle = reference.getBundle();
        validators.add(module, validator, () -> {
            ModuleRegistry registry = modules;
            return registry != null && registry.moduleOf(bundle).filter(m -> m.id().equals(module)).isPresent();
        });
    }

    void removeValidator(RecordValidator validator) {
        validators.remove(validator);
    }

    /** For tests: {@code validator} as the rules of {@code module}, declared by the bundle that runs it. */
    void addValidator(String module, RecordValidator validator) {
        validators.add(module, validator, () -> true);
    }
}
