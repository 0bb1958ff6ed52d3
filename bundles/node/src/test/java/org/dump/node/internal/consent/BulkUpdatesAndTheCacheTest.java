package org.dump.node.internal.consent;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.persistence.Cacheable;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;

import org.dump.node.persistence.Transactions;
import org.dump.node.testing.NodeDatabase;
import org.eclipse.persistence.jpa.JpaEntityManagerFactory;
import org.eclipse.persistence.queries.SQLCall;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * A JPQL UPDATE or DELETE bypasses EclipseLink's shared cache: it only invalidates what the cache holds at that
 * moment. A read that fetched the old row just before (PostgreSQL lets readers past a writer) and builds its entity
 * just after put the old state back in the cache, valid, for every later read. That is how a profile request on a
 * PostgreSQL node stayed "not delivered" for good although its row said delivered. Entities changed by such queries
 * are therefore kept out of the shared cache; this test races a read against the update to show it.
 */
public class BulkUpdatesAndTheCacheTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    @Test
    public void aReadThatFetchedTheRowBeforeTheDeliveredUpdateLeavesNoStaleRequestBehind() throws Exception {
        Transactions transactions = database.transactions();
        OutgoingRequestEntity request = new OutgoingRequestEntity("r0000000000000000000000001", "stephanie",
                "n".repeat(32), "market", "x".repeat(26), "a".repeat(26), Instant.now());
        transactions.write(manager -> {
            manager.persist(request);
            return null;
        });

        // The reader stops after its SELECT has fetched the rows and before it builds entities from them.
        CountDownLatch fetched = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(true);
        database.factory().unwrap(JpaEntityManagerFactory.class).getServerSession().getEventManager()
                .addListener(new SessionEventAdapter() {

                    @Override
                    public void postExecuteCall(SessionEvent event) {
                        if (event.getCall() instanceof SQLCall call
                                && call.getSQLString().startsWith("SELECT ")
                                && call.getSQLString().contains(" FROM DUMP_PROFILE_REQUEST_OUT ")
                                && armed.getAndSet(false)) {
                            fetched.countDown();
                            try {
                                goOn.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                });
        CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(() -> transactions.read(manager -> manager
                .createNamedQuery(OutgoingRequestEntity.OF_USER, OutgoingRequestEntity.class)
                .setParameter("username", "stephanie").getSingleResult().toRequest().delivered()));
        assertTrue("the reader fetched the row", fetched.await(30, TimeUnit.SECONDS));

        transactions.write(manager -> manager.createNamedQuery(OutgoingRequestEntity.DELIVERED)
                .setParameter("id", request.id()).executeUpdate());
        goOn.countDown();
        assertFalse("the racing read saw the row as it was", reader.get(30, TimeUnit.SECONDS));

        assertTrue("a later read sees the update", transactions.read(manager -> manager
                .createNamedQuery(OutgoingRequestEntity.OF_USER, OutgoingRequestEntity.class)
                .setParameter("username", "stephanie").getSingleResult().toRequest().delivered()));
        assertTrue("and so does a find", transactions.read(manager -> manager.find(OutgoingRequestEntity.class,
                request.id())).toRequest().delivered());
    }

    /** The rule the test above stands for: whatever a JPQL UPDATE or DELETE changes stays out of the shared cache. */
    @Test
    public void everyEntityChangedByABulkQueryIsKeptOutOfTheSharedCache() {
        assertFalse(database.factory().getMetamodel().getEntities().isEmpty());
        List<String> cached = new ArrayList<>();
        for (Class<?> entity : database.factory().getMetamodel().getEntities().stream()
                .map(type -> (Class<?>) type.getJavaType()).toList()) {
            List<NamedQuery> queries = new ArrayList<>();
            NamedQueries many = entity.getAnnotation(NamedQueries.class);
            if (many != null) {
                queries.addAll(List.of(many.value()));
            }
            NamedQuery one = entity.getAnnotation(NamedQuery.class);
            if (one != null) {
                queries.add(one);
            }
            boolean bulk = queries.stream().map(query -> query.query().stripLeading().toUpperCase())
                    .anyMatch(query -> query.startsWith("UPDATE") || query.startsWith("DELETE"));
            Cacheable cacheable = entity.getAnnotation(Cacheable.class);
            if (bulk && (cacheable == null || cacheable.value())) {
                cached.add(entity.getSimpleName());
            }
        }
        assertTrue("entities changed by JPQL UPDATE or DELETE but shared-cached: " + cached, cached.isEmpty());
    }
}
