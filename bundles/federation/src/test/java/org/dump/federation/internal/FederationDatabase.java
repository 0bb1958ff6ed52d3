package org.dump.federation.internal;

import java.sql.SQLException;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.node.persistence.Transactions;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/** Federation's real persistence unit on an embedded Derby database in a temporary folder, without OSGi. */
final class FederationDatabase extends ExternalResource {

    private final TemporaryFolder folder;
    private EmbeddedDataSource dataSource;
    private EntityManagerFactory factory;

    FederationDatabase(TemporaryFolder folder) {
        this.folder = folder;
    }

    @Override
    protected void before() {
        System.setProperty("derby.stream.error.file", folder.getRoot().toPath().resolve("derby.log").toString());
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(folder.getRoot().toPath().resolve("db").toString());
        dataSource.setCreateDatabase("create");
        open();
    }

    @Override
    protected void after() {
        factory.close();
        dataSource.setShutdownDatabase("shutdown");
        try {
            dataSource.getConnection().close();
        } catch (SQLException expectedOnShutdown) {
            // Derby reports a successful shutdown as an exception.
        }
    }

    /** Closes the persistence unit and opens it again on the same database, as a restart of the node would. */
    void reopen() {
        factory.close();
        open();
    }

    Transactions transactions() {
        return new Transactions(factory);
    }

    private void open() {
        factory = Persistence.createEntityManagerFactory(JpaPeerDirectory.UNIT,
                Map.of("javax.persistence.nonJtaDataSource", dataSource));
    }
}
