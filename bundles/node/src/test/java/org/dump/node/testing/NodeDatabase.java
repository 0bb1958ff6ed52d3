package org.dump.node.testing;

import java.nio.file.Path;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.node.persistence.Transactions;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * A real persistence unit of the node's bundles (the node's own, or federation's; EclipseLink) on a real embedded
 * Derby database in a temporary folder: what the node runs on, minus OSGi. The OSGi datasource lookup of the unit
 * is replaced by a Derby datasource handed to EclipseLink directly.
 */
public final class NodeDatabase extends ExternalResource {

    private final TemporaryFolder folder;
    private final String unit;
    private EntityManagerFactory factory;
    private EmbeddedDataSource dataSource;

    /** The node's own persistence unit. */
    public NodeDatabase(TemporaryFolder folder) {
        this(folder, Transactions.UNIT);
    }

    /** @param unit the name of the persistence unit, whose persistence.xml must be on the class path */
    public NodeDatabase(TemporaryFolder folder, String unit) {
        this.folder = folder;
        this.unit = unit;
    }

    @Override
    protected void before() {
        System.setProperty("derby.stream.error.file", folder.getRoot().toPath().resolve("derby.log").toString());
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(folder.getRoot().toPath().resolve("db").toString());
        dataSource.setCreateDatabase("create");
        open();
    }

    /** Closes the persistence unit and opens it again on the same database, as a restart of the node would. */
    public void reopen() {
        factory.close();
        open();
    }

    private void open() {
        factory = Persistence.createEntityManagerFactory(unit, Map.of("javax.persistence.nonJtaDataSource", dataSource));
    }

    @Override
    protected void after() {
        factory.close();
        dataSource.setShutdownDatabase("shutdown");
        try {
            dataSource.getConnection().close();
        } catch (java.sql.SQLException expectedOnShutdown) {
            // Derby reports a successful shutdown as an exception.
        }
    }

    public EntityManagerFactory factory() {
        return factory;
    }

    public Transactions transactions() {
        return new Transactions(factory);
    }

    public EmbeddedDataSource dataSource() {
        return dataSource;
    }

    public Path folder() {
        return folder.getRoot().toPath();
    }
}
