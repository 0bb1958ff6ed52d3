package org.dump.itests.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Assume;

/**
 * The database the nodes of an integration test run on: embedded Derby (the distribution's default), or, when the
 * system property {@value #DATABASE} is {@code postgresql} (the PostgreSQL execution of itests/pom.xml), a fresh
 * PostgreSQL database for each node, set up the way docs/admin.md ("Using PostgreSQL") tells an administrator: the
 * driver feature in {@code featuresBoot} of a node that has not started yet, and the two Derby lines of
 * {@code etc/org.ops4j.datasource-dump.cfg} replaced by the PostgreSQL ones.
 * <p>
 * The databases are made over JDBC by a role that may create databases ({@value #USER}, {@value #PASSWORD}, and the
 * server's {@value #URL}; .ci/run makes that role), and dropped when this JVM ends.
 */
public final class NodeDatabases {

    public static final String DATABASE = "dump.itests.database";
    public static final String URL = "dump.itests.postgresql.url";
    public static final String USER = "dump.itests.postgresql.user";
    public static final String PASSWORD = "dump.itests.postgresql.password";

    /** The feature docs/admin.md has an administrator install. */
    public static final String FEATURE = "dump-postgresql";

    /** The two lines of the distribution's datasource file that docs/admin.md has an administrator replace. */
    private static final Pattern DERBY_LINES = Pattern.compile(
            "(?m)^osgi\\.jdbc\\.driver\\.name = derby\\n^url = jdbc:derby:.*\\n");
    private static final List<String> MADE = new CopyOnWriteArrayList<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(NodeDatabases::dropAll, "drop the test databases"));
    }

    private NodeDatabases() {
    }

    /** @return whether the nodes of this run are to use PostgreSQL */
    public static boolean postgresql() {
        return "postgresql".equalsIgnoreCase(System.getProperty(DATABASE, "derby"));
    }

    /**
     * When this run asks for PostgreSQL and no server answers, skips the calling test class (an assumption) and says
     * so loudly: a run that was to test PostgreSQL and did not must not look like one that did.
     */
    public static void assumeReachable() {
        if (postgresql()) {
            assumeServer();
        }
    }

    /**
     * Skips the calling test (an assumption), with a WARNING, unless the PostgreSQL server of the itests answers:
     * for a test that moves a node to PostgreSQL in any run.
     */
    public static void assumeServer() {
        try (Connection connection = admin()) {
            connection.isValid(5);
        } catch (SQLException e) {
            String warning = "WARNING: no PostgreSQL at " + System.getProperty(URL) + " as "
                    + System.getProperty(USER) + " (" + e.getMessage() + "): the PostgreSQL integration tests are "
                    + "skipped. .ci/run installs and starts PostgreSQL and makes that role.";
            System.err.println(warning);
            Assume.assumeNoException(warning, e);
        }
    }

    /**
     * Makes a fresh database for the node {@code name} and returns the lines of {@code etc/org.ops4j.datasource-dump.cfg}
     * that take the place of Derby's, as docs/admin.md has them.
     */
    public static Map<String, String> newDatabase(String name) {
        String database = ("dump_it_" + name.replaceAll("[^A-Za-z0-9]", "_") + "_" + Long.toString(
                RANDOM.nextLong() & Long.MAX_VALUE, 36)).toLowerCase(Locale.ROOT);
        database = database.substring(0, Math.min(database.length(), 63));
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the PostgreSQL database " + database + ": " + e, e);
        }
        MADE.add(database);
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("osgi.jdbc.driver.name", "PostgreSQL JDBC Driver");
        lines.put("url", serverUrl() + database);
        lines.put("user", System.getProperty(USER));
        lines.put("password", System.getProperty(PASSWORD));
        return lines;
    }

    /**
     * Points a node's own {@code etc/} (not started yet) at a fresh database of its own, as an administrator would:
     * the driver feature among the boot features, the Derby lines of the datasource file replaced. Does nothing
     * unless this run asks for PostgreSQL.
     */
    public static void configure(Path etc, String name) throws IOException {
        if (postgresql()) {
            usePostgresql(etc, name);
        }
    }

    /** Points a node's own {@code etc/} (not started yet) at a fresh PostgreSQL database, whatever the run. */
    public static void usePostgresql(Path etc, String name) throws IOException {
        Path features = etc.resolve("org.apache.karaf.features.cfg");
        String boot = Files.readString(features);
        if (!boot.contains("featuresBoot = \\\n")) {
            throw new IllegalStateException("no line 'featuresBoot = \\' in " + features);
        }
        Files.writeString(features, boot.replace("featuresBoot = \\\n", "featuresBoot = \\\n    " + FEATURE + ", \\\n"));
        Path datasource = etc.resolve("org.ops4j.datasource-dump.cfg");
        StringBuilder lines = new StringBuilder();
        newDatabase(name).forEach((key, value) -> lines.append(key).append(" = ").append(value).append('\n'));
        String text = Files.readString(datasource);
        Matcher derby = DERBY_LINES.matcher(text);
        if (!derby.find()) {
            throw new IllegalStateException("the Derby lines that docs/admin.md names are not in " + datasource);
        }
        Files.writeString(datasource, text.substring(0, derby.start()) + lines + text.substring(derby.end()));
    }

    /** @return the server's JDBC URL without a database, e.g. {@code jdbc:postgresql://localhost:5432/} */
    private static String serverUrl() {
        URI admin = URI.create(System.getProperty(URL).substring("jdbc:".length()));
        return "jdbc:postgresql://" + admin.getAuthority() + "/";
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(System.getProperty(URL), System.getProperty(USER),
                System.getProperty(PASSWORD));
    }

    private static void dropAll() {
        if (MADE.isEmpty()) {
            return;
        }
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String database : MADE) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test databases " + MADE + ": " + e);
        }
    }
}
