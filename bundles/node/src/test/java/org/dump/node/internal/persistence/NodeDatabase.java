package org.dump.node.internal.persistence;

import java.nio.file.Path;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.node.persistence.Transactions;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * The node's real persistence unit (META-INF/persistence.xml, EclipseLink) on a real embedded Derby database in a
 * temporary folder: what the node runs on, minus OSGi. The OSGi datasource lookup of the unit is replaced by a
 * Derby datasource handed to EclipseLink directly.
 */
public final class NodeDatabase extends ExternalResource {

    private final TemporaryFolder folder;
    private EntityManagerFactory factory;
    private EmbeddedDataSource dataSource;

    public NodeDatabase(TemporaryFolder folder) {
        this.folder = folder;
    }

    @Override
    protected void before() {
        System.setProperty("derby.stream.error.file", folder.getRoot().toPath().resolve("derby.log").toString());
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(folder.getRoot().toPath().resolve("db").toString());
        dataSource.setCreateDatabase("create");
        factory = Persistence.createEntityManagerFactory(Transactions.UNIT,
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
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
