package org.dump.node.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.PersistenceException;

import org.dump.node.testing.NodeDatabase;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

public class TransactionsTest {

    private static final TemporaryFolder FOLDER = new TemporaryFolder();
    /** One database for the class: the node's unit takes seconds to set up. */
    private static final NodeDatabase DATABASE = new NodeDatabase(FOLDER);

    @ClassRule
    public static final RuleChain RULES = RuleChain.outerRule(FOLDER).around(DATABASE);

    /** Full once told of a failure that names a full disk; counts what it is told. */
    private static final class FakeSpace implements DatabaseSpace {
        boolean full;
        int wrote;
        final List<RuntimeException> failures = new ArrayList<>();

        @Override
        public void checkWritable() {
            if (full) {
                throw new StorageFullException(true, Duration.ofSeconds(10), null);
            }
        }

        @Override
        public void wrote() {
            wrote++;
        }

        @Override
        public RuntimeException failed(RuntimeException failure, boolean writing) {
            failures.add(failure);
            if (String.valueOf(failure.getMessage()).contains("disk is full")) {
                full = true;
                return new StorageFullException(writing, Duration.ofSeconds(10), failure);
            }
            return failure;
        }
    }

    private final FakeSpace space = new FakeSpace();
    private Transactions transactions;

    @BeforeClass
    public static void table() {
        new Transactions(DATABASE.factory()).write(manager -> manager.createNativeQuery(
                "CREATE TABLE SPACE_TEST (ID INT)").executeUpdate());
    }

    @Before
    public void empty() {
        transactions = new Transactions(DATABASE.factory(), space);
        transactions.write(manager -> manager.createNativeQuery("DELETE FROM SPACE_TEST").executeUpdate());
    }

    private long rows() {
        return transactions.read(manager -> ((Number) manager.createNativeQuery("SELECT COUNT(*) FROM SPACE_TEST")
                .getSingleResult()).longValue());
    }

    private static int insert(javax.persistence.EntityManager manager) {
        return manager.createNativeQuery("INSERT INTO SPACE_TEST VALUES (1)").executeUpdate();
    }

    @Test
    public void aWriteThatCommitsTellsTheSpaceSo() {
        int before = space.wrote;
        assertEquals(Integer.valueOf(1), transactions.write(TransactionsTest::insert));
        assertEquals(before + 1, space.wrote);
        assertEquals(1, rows());
    }

    @Test
    public void aWriteThatFailsForLackOfSpaceThrowsWhatTheSpaceMakesOfItAndLeavesNothing() {
        StorageFullException full = assertThrows(StorageFullException.class, () -> transactions.write(manager -> {
            insert(manager);
            throw new PersistenceException("Page could not be written to disk, please check if the disk is full",
                    new SQLException("Page could not be written", "XSDG1"));
        }));
        assertTrue(full.writing());
        assertEquals(0, rows());

        // From now on a write is refused before its work runs.
        boolean[] ran = {false};
        assertThrows(StorageFullException.class, () -> transactions.write(manager -> ran[0] = true));
        assertEquals(false, ran[0]);
    }

    @Test
    public void otherFailuresAreThrownAsTheyCame() {
        IllegalArgumentException refused = new IllegalArgumentException("no such account");
        assertSame(refused, assertThrows(IllegalArgumentException.class, () -> transactions.write(manager -> {
            throw refused;
        })));
        assertSame(refused, space.failures.get(0));
    }

    @Test
    public void aReadThatFailsForLackOfSpaceSaysItWasARead() {
        StorageFullException full = assertThrows(StorageFullException.class, () -> transactions.read(manager -> {
            throw new PersistenceException("Failed to start database: the disk is full");
        }));
        assertEquals(false, full.writing());
    }

    @Test
    public void aConnectionTheDatabaseClosedDoesNotHideTheFailure() {
        // Derby closes every connection of a database it shuts down: the rollback that follows fails as well. The
        // next connection opens the database again.
        RuntimeException failure = new PersistenceException("the disk is full");
        StorageFullException thrown = assertThrows(StorageFullException.class, () -> transactions.write(manager -> {
            insert(manager);
            shutDownTheDatabase();
            throw failure;
        }));
        assertSame(failure, thrown.getCause());
        assertEquals(0, rows());
    }

    /** As Derby does when it cannot write a page or its log: every connection of the database is closed. */
    private void shutDownTheDatabase() {
        try {
            DriverManager.getConnection("jdbc:derby:" + DATABASE.folder().resolve("db") + ";shutdown=true").close();
            throw new IllegalStateException("Derby did not shut the database down");
        } catch (SQLException shutDown) {
            assertEquals(shutDown.toString(), "08006", shutDown.getSQLState());
        }
    }

    @Test
    public void withoutASpaceFailuresAreThrownAsTheyCome() {
        Transactions plain = new Transactions(DATABASE.factory());
        RuntimeException failure = new PersistenceException("the disk is full");
        assertSame(failure, assertThrows(PersistenceException.class, () -> plain.write(manager -> {
            throw failure;
        })));
    }
}
