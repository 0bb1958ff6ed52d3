package org.dump.node.internal.status;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.dump.api.node.LocalNode;
import org.dump.node.account.AccountService;
import org.dump.node.account.Role;
import org.dump.node.internal.NodeDataDirectory;
import org.dump.node.status.NodeStatus;
import org.dump.node.status.NodeStatusReport;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Reads the node's state afresh for each report: nothing here is cached, so the report never lies. */
@Component(service = NodeStatus.class)
public final class LiveNodeStatus implements NodeStatus {

    private final LocalNode node;
    private final AccountService accounts;
    private final KarafPorts ports;
    private final DataSource dataSource;
    private final String dataDirectory;

    @Activate
    public LiveNodeStatus(@Reference LocalNode node, @Reference AccountService accounts, @Reference KarafPorts ports,
            @Reference(target = "(osgi.jndi.service.name=dump)") DataSource dataSource, BundleContext context) {
        this.node = node;
        this.accounts = accounts;
        this.ports = ports;
        this.dataSource = dataSource;
        this.dataDirectory = NodeDataDirectory.of(context).getParent().toString();
    }

    @Override
    public NodeStatusReport report() {
        return new NodeStatusReport(node.id(), node.name(), node.softwareVersion(), node.publicBaseUrl(), dataDirectory,
                ports.http(), ports.ssh(), ports.rmiRegistry(), ports.rmiServer(), datasource(), accounts.count(),
                accounts.count(Role.ADMIN));
    }

    private String datasource() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            // Drivers such as PostgreSQL's append every connection property to the URL: show where, not how.
            String url = meta.getURL().split("\\?", 2)[0];
            return url + " (" + meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + ")";
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
