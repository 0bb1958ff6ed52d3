package org.dump.backup.internal;

import java.io.IOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.dump.backup.BackupException;
import org.dump.backup.BackupProgress;
import org.dump.backup.BackupSummary;
import org.dump.backup.NodeBackup;
import org.dump.backup.RestoreSummary;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The node's backup and restore, on the node's datasource ({@code osgi.jndi.service.name=dump}, whatever database
 * etc/org.ops4j.datasource-dump.cfg names). Relative file names are taken from the node's directory (KARAF_BASE).
 */
@Component(service = NodeBackup.class)
public final class NodeBackupService implements NodeBackup {

    private static final Logger LOG = LoggerFactory.getLogger(NodeBackupService.class);

    private final Path base;
    private final Backups backups;
    private final Restores restores;
    private final ObjectMapper mapper = new ObjectMapper();

    @Activate
    public NodeBackupService(@Reference(target = "(osgi.jndi.service.name=dump)") DataSource dataSource,
            BundleContext context) {
        this(dataSource, files(context), Path.of(property(context, "karaf.base", ".")),
                context.getBundle().getHeaders().get("DUMP-Version"), NodeBundles.of(context));
    }

    NodeBackupService(DataSource dataSource, NodeFiles files, Path base, String dumpVersion, NodeBundles bundles) {
        this.base = base.toAbsolutePath();
        this.backups = new Backups(dataSource, files, dumpVersion, mapper);
        this.restores = new Restores(dataSource, files, mapper, bundles);
    }

    @Override
    public BackupSummary backup(Path file, BackupProgress progress) throws BackupException {
        Path target = base.resolve(file);
        LOG.info("Backing up the node to {}", target);
        BackupSummary summary = backups.write(target, progress);
        LOG.info("Backed up node {} to {}: {} rows, {} bytes", summary.nodeId(), target, summary.rows(),
                summary.bytes());
        return summary;
    }

    @Override
    public BackupSummary check(Path file) throws BackupException {
        try (BackupReader reader = BackupReader.open(base.resolve(file), mapper)) {
            return reader.summary();
        } catch (IOException e) {
            throw new BackupException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RestoreSummary restore(Path file, boolean replaceData, BackupProgress progress) throws BackupException {
        Path source = base.resolve(file);
        LOG.warn("Restoring the node from {}{}", source, replaceData ? ", replacing its data" : "");
        RestoreSummary summary = restores.restore(source, replaceData, progress);
        LOG.warn("Restored node {} from {} ({} rows). Its bundles are stopped until the node is restarted.",
                summary.backup().nodeId(), source, summary.backup().rows());
        return summary;
    }

    private static NodeFiles files(BundleContext context) {
        Path data = Path.of(property(context, "karaf.data", "data")).toAbsolutePath().resolve("dump");
        return new NodeFiles(Path.of(property(context, "karaf.etc", "etc")).toAbsolutePath(), data);
    }

    private static String property(BundleContext context, String name, String otherwise) {
        String value = context.getProperty(name);
        return value != null ? value : otherwise;
    }
}
