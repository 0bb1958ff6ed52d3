package org.dump.backup.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.dump.backup.BackupProgress;
import org.dump.backup.BackupSummary;
import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.KeyFile;
import org.dump.node.internal.record.BenchmarkNode;

/**
 * Time of {@code dump:backup} and {@code dump:restore} of a node holding N market listings (issue 26): the node's
 * real persistence unit on embedded Derby on disk, filled by {@link BenchmarkNode}, backed up by the backup bundle's
 * own classes, and restored into a second such database with the same, empty, tables. Outside OSGi (no bundles to
 * stop), so it measures the reading, writing and checking of the file and the database work.
 * <p>
 * Usage: {@code java ... org.dump.backup.internal.BackupRestoreTiming [listings] [runs]}
 */
public final class BackupRestoreTiming {

    private BackupRestoreTiming() {
    }

    public static void main(String[] args) throws Exception {
        int listings = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("backup-timing-");
        try {
            long fill = System.nanoTime();
            try (BenchmarkNode source = new BenchmarkNode(work.resolve("x"))) {
                source.fill(listings);
            }
            System.out.printf("filled %,d listings in %.1f s%n", listings, (System.nanoTime() - fill) / 1e9);
            try (BenchmarkNode target = new BenchmarkNode(work.resolve("z"))) {
                // the target's tables, made by its persistence unit, and nothing in them
                target.inventory();
            }
            NodeBackupService x = service(work, "x");
            NodeBackupService z = service(work, "z");
            List<Double> backups = new ArrayList<>();
            List<Double> restores = new ArrayList<>();
            BackupSummary summary = null;
            for (int run = 1; run <= runs; run++) {
                Path file = work.resolve("x-" + run + ".zip");
                long started = System.nanoTime();
                summary = x.backup(file, BackupProgress.NONE);
                backups.add((System.nanoTime() - started) / 1e9);
                started = System.nanoTime();
                z.restore(file, run > 1, BackupProgress.NONE);
                restores.add((System.nanoTime() - started) / 1e9);
                System.out.printf("run %d: backup %.1f s, restore %.1f s%n", run, backups.get(run - 1),
                        restores.get(run - 1));
            }
            System.out.printf("%,d rows in %d tables (%,d listings), file %,d bytes%n", summary.rows(),
                    summary.tableRows().size(), listings, summary.bytes());
            System.out.printf("backup:  median %.1f s (%.1f–%.1f)%n", median(backups), Collections.min(backups),
                    Collections.max(backups));
            System.out.printf("restore: median %.1f s (%.1f–%.1f)%n", median(restores), Collections.min(restores),
                    Collections.max(restores));
        } finally {
            BenchmarkNode.deleteDirectory(work);
        }
    }

    private static NodeBackupService service(Path work, String name) throws Exception {
        Path dir = work.resolve(name);
        NodeFiles files = new NodeFiles(Files.createDirectories(dir.resolve("etc")),
                Files.createDirectories(dir.resolve("data")));
        Files.writeString(files.etc().resolve("org.dump.node.cfg"), "name = " + name + "\n");
        KeyFile.write(files.nodeKey(), Ed25519KeyPair.generate());
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(dir.resolve("db").toString());
        return new NodeBackupService(derby, files, work, "benchmark", NodeBundles.NONE);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
