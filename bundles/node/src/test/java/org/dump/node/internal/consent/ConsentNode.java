package org.dump.node.internal.consent;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.dump.crypto.Identifiers;
import org.dump.node.account.Account;
import org.dump.node.account.NewAccount;
import org.dump.node.internal.account.AccountsConfig;
import org.dump.node.internal.account.JpaAccountService;
import org.dump.node.internal.account.JpaProfileService;
import org.dump.node.internal.author.AuthorPseudonyms;
import org.dump.node.internal.record.TestRecords;
import org.dump.node.internal.record.TestRecordStores;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.record.RecordIngest;
import org.dump.node.record.SignedRecord;
import org.dump.node.testing.MutableClock;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;

/**
 * One node of a consent test, whole on its side: its own Derby database, key, accounts and profiles, record store,
 * outbox and both sides of profiles by consent, built as DS would build them (minus OSGi). Its courier is the
 * {@link TestNetwork}'s.
 */
final class ConsentNode implements AutoCloseable {

    private final String name;
    private final NodeDatabase database;
    private final TestNodeIdentity identity = new TestNodeIdentity();
    private final MutableClock clock;
    private final TestNetwork network;
    private final AtomicLong sequence = new AtomicLong();
    JpaAccountService accounts;
    JpaProfileService profiles;
    AuthorPseudonyms pseudonyms;
    TestRecords records;
    ConsentOutbox outbox;
    JpaProfileRequests requests;
    JpaProfileGrants grants;
    ConsentReception reception;

    ConsentNode(String name, NodeDatabase database, MutableClock clock, TestNetwork network) {
        this.name = name;
        this.database = database;
        this.clock = clock;
        this.network = network;
        open();
        network.join(this);
    }

    /** Builds the consent services on the database, as a start of the node would. */
    private void open() {
        accounts = new JpaAccountService(database.factory(), DatabaseSpace.UNWATCHED, accountsConfig());
        profiles = new JpaProfileService(database.factory(), DatabaseSpace.UNWATCHED, profilesConfig());
        pseudonyms = new AuthorPseudonyms(identity);
        records = TestRecordStores.open(database.factory(), identity);
        outbox = new ConsentOutbox(database.transactions(), 5, 300, clock, false);
        outbox.bindCourier(network.courierOf(this));
        requests = new JpaProfileRequests(database.transactions(), identity, profiles, outbox, records.local(), clock);
        grants = new JpaProfileGrants(database.transactions(), profiles, accounts, pseudonyms, outbox, clock);
        reception = new ConsentReception(grants, requests);
    }

    /** Stops and starts the node's consent services on the same database: only what was stored is left. */
    void restart() {
        close();
        database.reopen();
        open();
    }

    String id() {
        return identity.id();
    }

    String name() {
        return name;
    }

    ConsentReception reception() {
        return reception;
    }

    int deliverDue() {
        return outbox.deliverDue();
    }

    Account user(String username, String displayName, String email) {
        return accounts.create(new NewAccount(username, (username + "-password").toCharArray(), Set.of(), displayName,
                email));
    }

    /** @return the pseudonym of {@code username} in {@code module} on this node */
    String pseudonym(String module, String username) {
        return pseudonyms.of(module, accounts.find(username).orElseThrow()).value();
    }

    /**
     * Writes a record of this node, signed by it, by {@code author} (null: the module itself), and stores it on
     * {@code holders} as federation would.
     *
     * @return its id
     */
    String listing(String author, String title, ConsentNode... holders) {
        SignedRecord signed = signedListing(identity, author == null ? null : pseudonym("market", author),
                sequence.incrementAndGet(), clock.millis(), title);
        for (ConsentNode holder : holders) {
            holder.hold(signed, identity);
        }
        return signed.id();
    }

    /** A listing of the node {@code origin}, signed by it. */
    static SignedRecord signedListing(TestNodeIdentity origin, String authorPseudonym, long sequence, long now,
            String title) {
        SignedRecord unsigned = new SignedRecord("market", "listing", Identifiers.random(), origin.id(), sequence,
                authorPseudonym, now, now, "1.0.0", false, "{\"title\":\"" + title + "\"}", null);
        return unsigned.withSignature(Base64.getEncoder().encodeToString(origin.sign(unsigned.signedBytes())));
    }

    /** Stores another node's record as federation would. */
    void hold(SignedRecord record, TestNodeIdentity origin) {
        RecordIngest.Report report = records.ingest(List.of(record),
                key -> key.equals(origin.id()) ? Optional.of(origin.publicKey()) : Optional.empty());
        if (report.stored().size() != 1) {
            throw new AssertionError("not stored on " + name + ": " + report);
        }
    }

    /** @return how many rows {@code table} of this node's database has */
    long rows(String table) {
        return database.transactions().read(manager -> ((Number) manager
                .createNativeQuery("SELECT COUNT(*) FROM " + table).getSingleResult()).longValue());
    }

    /** @return every message waiting in this node's outbox */
    List<OutboxEntity> outboxEntries() {
        return database.transactions().read(manager -> manager.createQuery("SELECT o FROM OutboxEntity o",
                OutboxEntity.class).getResultList());
    }

    /** @return the text of everything this node's database holds in the consent tables, for leaks */
    String consentTablesText() {
        StringBuilder text = new StringBuilder();
        for (String table : List.of("DUMP_PROFILE_REQUEST_OUT", "DUMP_PROFILE_REQUEST_IN", "DUMP_GRANTED_PROFILE",
                "DUMP_CONSENT_OUTBOX")) {
            database.transactions().read(manager -> {
                for (Object row : manager.createNativeQuery("SELECT * FROM " + table).getResultList()) {
                    for (Object cell : row instanceof Object[] cells ? cells : new Object[] {row}) {
                        text.append(cell instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : cell)
                                .append('|');
                    }
                }
                return null;
            });
        }
        return text.toString();
    }

    @Override
    public void close() {
        outbox.stop();
        TestRecordStores.close(records);
    }

    private static AccountsConfig accountsConfig() {
        return new AccountsConfig() {
            @Override public Class<? extends Annotation> annotationType() { return AccountsConfig.class; }
            @Override public int minPasswordLength() { return 8; }
            @Override public int maxFailedSignIns() { return 5; }
            @Override public int maxFailedSignInsPerSource() { return 20; }
            @Override public int passwordHashSlots() { return 2; }
            @Override public int passwordHashWaitMillis() { return 2000; }
            @Override public int signInLockoutSeconds() { return 60; }
            @Override public int passwordMemoryKiB() { return 64; }
            @Override public int passwordIterations() { return 1; }
            @Override public String initialAdministrator() { return ""; }
        };
    }

    private static JpaProfileService.Config profilesConfig() {
        return new JpaProfileService.Config() {
            @Override public Class<? extends Annotation> annotationType() { return JpaProfileService.Config.class; }
            @Override public int maxAvatarBytes() { return 64 * 1024; }
            @Override public int maxAvatarPixels() { return 256; }
            @Override public int maxBioLength() { return 500; }
        };
    }
}
