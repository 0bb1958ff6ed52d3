package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.api.record.AuthorReference;
import org.dump.api.record.RecordQuery;
import org.dump.node.module.RunningModule;
import org.dump.node.persistence.Transactions;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

/**
 * Issue 22, item 11: a page of a query, and a page of record-verify, reads about as many rows as it returns however
 * many records the module holds, instead of sorting all of them. Derby's own account of each statement (its runtime
 * statistics, turned on for every connection the store gets) says how many rows each scan read; the test fills the
 * store with far more records than a page and asserts that no statement of a page read more than a page's worth.
 * Before the fix, ordering by price read every listing (and sorted them), and record-verify read every record of
 * the module for every page of 1,000.
 */
public class RecordQueryPlansTest {

    private static final RunningModule MARKET = new RunningModule("market", new Version(1, 0, 0), 42,
            "org.dump.module.market", new Version(1, 0, 0));
    private static final AuthorReference ADAM = new AuthorReference("adamadamadamadamadamadamad");
    private static final int LISTINGS = 2_500;
    private static final Pattern ROWS = Pattern.compile("(?:Rows seen = |Number of rows visited=)(\\d+)");

    @ClassRule
    public static final TemporaryFolder folder = new TemporaryFolder();

    /** Derby's runtime statistics of every statement on the record table, in order. */
    private static final List<String> plans = new CopyOnWriteArrayList<>();
    private static EntityManagerFactory factory;
    private static TestRecords records;

    /** One store for all tests: filling it is most of the time. */
    @BeforeClass
    public static void fill() {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(folder.getRoot().toPath().resolve("db").toString());
        derby.setCreateDatabase("create");
        factory = Persistence.createEntityManagerFactory(Transactions.UNIT,
                Map.of("javax.persistence.nonJtaDataSource", explained(derby)));
        records = new TestRecords(factory, new TestNodeIdentity(), 64 * 1024);
        for (int i = 0; i < LISTINGS; i++) {
            records.create(MARKET, "listing", Map.of("title", "socks " + i, "price",
                    BigDecimal.valueOf(i * 7919L % 10_000, 2)), ADAM);
        }
    }

    @AfterClass
    public static void stop() {
        records.stop();
        factory.close();
    }

    @Test
    public void aPageOfNewestListingsReadsAboutAPage() {
        assertPageReadsAboutAPage(RecordQuery.ofType("listing").page(0, 5));
    }

    @Test
    public void aPageOrderedByPriceReadsAboutAPage() {
        assertPageReadsAboutAPage(RecordQuery.ofType("listing").page(0, 5)
                .orderBy(RecordQuery.Order.byNumber("price", false)));
        assertPageReadsAboutAPage(RecordQuery.ofType("listing").page(0, 5)
                .orderBy(RecordQuery.Order.byNumber("price", true)));
    }

    @Test
    public void recordVerifyReadsAPageAtATime() {
        plans.clear();
        assertEquals(LISTINGS, records.verify("market").checked());
        // Pages of 1,000: no statement reads much more than one page, whatever the module holds.
        assertTrue(plans.toString(), mostRowsRead() <= 1_100);
    }

    private void assertPageReadsAboutAPage(RecordQuery query) {
        plans.clear();
        assertEquals(5, records.query("market", query).records().size());
        assertTrue("no statement about records", !plans.isEmpty());
        assertTrue(plans.toString(), mostRowsRead() <= 50);
    }

    /** @return the most rows any scan of any statement read */
    private static long mostRowsRead() {
        long most = 0;
        for (String plan : plans) {
            Matcher rows = ROWS.matcher(plan);
            while (rows.find()) {
                most = Math.max(most, Long.parseLong(rows.group(1)));
            }
        }
        return most;
    }

    /**
     * @return {@code dataSource} with Derby's runtime statistics on for every connection; each query of the
     *         record table adds its statistics to {@link #plans} when its result set is closed
     */
    private static DataSource explained(EmbeddedDataSource dataSource) {
        return (DataSource) Proxy.newProxyInstance(RecordQueryPlansTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(dataSource, method, args);
                    if (result instanceof Connection connection) {
                        try (Statement on = connection.createStatement()) {
                            on.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
                        }
                        return explaining(connection);
                    }
                    return result;
                });
    }

    private static Connection explaining(Connection connection) {
        return (Connection) Proxy.newProxyInstance(RecordQueryPlansTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                            && sql.contains("DUMP_RECORD") && sql.startsWith("SELECT")) {
                        return statement((java.sql.PreparedStatement) result, connection);
                    }
                    return result;
                });
    }

    private static java.sql.PreparedStatement statement(java.sql.PreparedStatement statement, Connection connection) {
        return (java.sql.PreparedStatement) Proxy.newProxyInstance(RecordQueryPlansTest.class.getClassLoader(),
                new Class<?>[] {java.sql.PreparedStatement.class}, (proxy, method, args) -> {
                    Object result = invoke(statement, method, args);
                    if (result instanceof ResultSet rows && method.getName().equals("executeQuery")) {
                        return resultSet(rows, connection);
                    }
                    return result;
                });
    }

    private static ResultSet resultSet(ResultSet rows, Connection connection) {
        return (ResultSet) Proxy.newProxyInstance(RecordQueryPlansTest.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    Object result = invoke(rows, method, args);
                    if (method.getName().equals("close")) {
                        try (Statement explain = connection.createStatement();
                                ResultSet plan = explain.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                            if (plan.next() && plan.getString(1) != null) {
                                plans.add(plan.getString(1));
                            }
                        }
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
