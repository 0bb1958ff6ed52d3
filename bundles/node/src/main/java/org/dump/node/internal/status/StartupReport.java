package org.dump.node.internal.status;

import org.dump.node.status.NodeStatus;
import org.dump.node.status.NodeStatusReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person who started the node where to find it: once the node is whole, one log entry (and one console
 * line) with its id, address, ports, data directory and datasource.
 */
@Component(immediate = true)
public final class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    @Activate
    public StartupReport(@Reference NodeStatus status) {
        NodeStatusReport report = status.report();
        String summary = String.format("DUMP node '%s' (id %s, version %s) serves %s — HTTP port %d, SSH port %d, "
                + "RMI ports %d/%d; data in %s; datasource %s; %d account(s)", report.name(), report.id(),
                report.version(), report.publicBaseUrl(), report.httpPort(), report.sshPort(),
                report.rmiRegistryPort(), report.rmiServerPort(), report.dataDirectory(), report.datasource(),
                report.accounts());
        LOG.info(summary);
        System.out.println(summary);
    }
}
