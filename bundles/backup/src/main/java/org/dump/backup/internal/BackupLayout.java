package org.dump.backup.internal;

import java.util.Set;
import java.util.regex.Pattern;

/** The names inside a backup file (a zip), and which {@code etc/} files a restore leaves as the target has them. */
final class BackupLayout {

    static final String FORMAT = "dump-backup";
    /** Raised when a reader of an older version could not restore a newer file correctly. */
    static final int FORMAT_VERSION = 1;

    static final String MANIFEST = "manifest.json";
    static final String NODE_KEY = "node/node.key";
    static final String ADMIN_PASSWORD = "node/initial-admin-password";
    static final String ETC = "etc/";
    static final String TABLES = "tables/";

    /** Relative paths of plain names only: an entry never points outside the folder it is restored into. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    /**
     * The target's own settings: where its database is, the ports it listens on, and the files its distribution
     * starts from (which name the distribution's own versions).
     */
    private static final Set<String> KEPT = Set.of("org.ops4j.pax.web.cfg", "org.apache.karaf.shell.cfg",
            "org.apache.karaf.management.cfg", "config.properties", "startup.properties",
            "org.apache.karaf.features.cfg", "jre.properties");

    private BackupLayout() {
    }

    static boolean isSafe(String relativePath) {
        return SAFE_PATH.matcher(relativePath).matches() && relativePath.length() <= 200;
    }

    /** @return whether a restore keeps the target's own {@code etc/NAME} rather than the backup's */
    static boolean keptOnRestore(String name) {
        return KEPT.contains(name) || name.startsWith("org.ops4j.datasource-");
    }
}
