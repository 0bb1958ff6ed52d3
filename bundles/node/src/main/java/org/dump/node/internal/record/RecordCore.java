package org.dump.node.internal.record;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.dump.api.record.RecordValidator;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.internal.NodeDataDirectory;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.RecordFeed;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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
 * What the record store's components share, once per node: the one {@link RecordWriter} and its thread, the
 * node's signer, sequence numbers and seen versions, the modules' rules for their records, and the feeds that hear
 * of committed writes. An internal service: {@link ModuleRecords} (local writes and queries),
 * {@link RemoteRecordIngest}, {@link RecordVersions} (the inventory), {@link StoredRecordCheck} (verification) and
 * {@link DeletionRetention} take it by constructor; nothing outside this package sees it.
 */
@Component(service = RecordCore.class, configurationPid = RecordCore.PID)
@Designate(ocd = RecordCore.Config.class)
public final class RecordCore {

    static final String PID = "org.dump.records";

    @ObjectClassDefinition(name = "DUMP records", description = "Limits of the records that modules write.")
    public @interface Config {

        @AttributeDefinition(name = "Largest payload (bytes)",
                description = "Largest JSON payload of one record, in UTF-8 bytes.", min = "1024")
        int maxPayloadBytes() default 512 * 1024;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordCore.class);

    private final NodeIdentity identity;
    private final DatabaseSpace space;
    private final Transactions transactions;
    private final RecordSigner signer;
    private final SequenceNumbers sequences;
    private final SeenSequences seen;
    private final OriginTrust trust;
    private final RecordFeeds feeds;
    private final ModuleValidators validators = new ModuleValidators();
    private final RecordWriter writer;
    private final RecordSearch search;
    private final ModuleRegistry modules;
    private final int maxPayloadBytes;
    private final Clock clock;
    private volatile Optional<Integer> formerRetentionDays = Optional.empty();

    @Activate
    public RecordCore(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference NodeIdentity identity, @Reference RecordListeners listeners, @Reference ModuleRegistry modules,
            @Reference DatabaseSpace space, Config config, Map<String, Object> properties, BundleContext context) {
        this(factory, identity, listeners, modules, config.maxPayloadBytes(), Clock.systemUTC(), space,
                NodeDataDirectory.of(context).resolve("search"));
        formerRetentionDays = DeletionRetention.retentionDaysIn(properties);
    }

    /** @param modules who runs which module, for the validators' bundles; null in tests that add none */
    RecordCore(EntityManagerFactory factory, NodeIdentity identity, RecordListeners listeners, ModuleRegistry modules,
            int maxPayloadBytes, Clock clock) {
        this(factory, identity, listeners, modules, maxPayloadBytes, clock, DatabaseSpace.UNWATCHED);
    }

    /** @param space asked before writes and told how they ended: a full disk refuses them at once */
    RecordCore(EntityManagerFactory factory, NodeIdentity identity, RecordListeners listeners, ModuleRegistry modules,
            int maxPayloadBytes, Clock clock, DatabaseSpace space) {
        this(factory, identity, listeners, modules, maxPayloadBytes, clock, space, null);
    }

    /** @param searchFolder where the text index lives; null for none: every search goes to SQL */
    RecordCore(EntityManagerFactory factory, NodeIdentity identity, RecordListeners listeners, ModuleRegistry modules,
            int maxPayloadBytes, Clock clock, DatabaseSpace space, Path searchFolder) {
        this.identity = identity;
        this.space = space;
        this.transactions = new Transactions(factory, space);
        RecordIndexes.ensure(transactions);
        this.signer = new RecordSigner(identity);
        this.sequences = new SequenceNumbers(transactions, identity.id());
        this.seen = new SeenSequences(transactions);
        this.trust = new OriginTrust(identity);
        this.feeds = new RecordFeeds(listeners);
        this.modules = modules;
        this.maxPayloadBytes = Math.max(1024, maxPayloadBytes);
        this.clock = clock;
        this.search = new RecordSearch(searchFolder, transactions);
        this.writer = new RecordWriter(factory, sequences, seen, changes -> {
            search.committed(changes);
            feeds.committed(changes);
        }, space, search.lastBatch());
    }

    @Deactivate
    void stop() {
        writer.close();
        search.close(); // after the writer: every committed batch has reached it
    }

    RecordSearch search() {
        return search;
    }

    NodeIdentity identity() {
        return identity;
    }

    DatabaseSpace space() {
        return space;
    }

    Transactions transactions() {
        return transactions;
    }

    RecordSigner signer() {
        return signer;
    }

    SequenceNumbers sequences() {
        return sequences;
    }

    SeenSequences seen() {
        return seen;
    }

    OriginTrust trust() {
        return trust;
    }

    ModuleValidators validators() {
        return validators;
    }

    RecordWriter writer() {
        return writer;
    }

    /** @return the writes waiting for the writer thread, for {@code dump:queues} */
    public int writesQueued() {
        return writer.queued();
    }

    /** @return the largest payload of a record in UTF-8 bytes, written here or taken from a peer */
    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    Clock clock() {
        return clock;
    }

    /**
     * @return {@code deletedRetentionDays} as set in this PID, where it was before it moved to
     *         {@value DeletionRetention#PID}
     */
    Optional<Integer> formerRetentionDays() {
        return formerRetentionDays;
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
        validators.add(module, validator,
                () -> modules.moduleOf(bundle).filter(m -> m.id().equals(module)).isPresent());
    }

    void removeValidator(RecordValidator validator) {
        validators.remove(validator);
    }

    /** For tests: {@code validator} as the rules of {@code module}, declared by the bundle that runs it. */
    void addValidator(String module, RecordValidator validator) {
        validators.add(module, validator, () -> true);
    }
}
