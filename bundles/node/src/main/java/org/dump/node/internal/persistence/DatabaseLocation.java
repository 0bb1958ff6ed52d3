package org.dump.node.internal.persistence;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the node's database is, as its JDBC URL says: for embedded Derby, the directory whose file system it fills;
 * for a database server (PostgreSQL), only the URL, since its disk is not this node's to look at.
 */
record DatabaseLocation(String url, Optional<Path> directory) {

    private static final String DERBY = "jdbc:derby:";

    /** Where nothing could be read: the datasource did not answer. */
    static final DatabaseLocation UNKNOWN = new DatabaseLocation("the node's datasource", Optional.empty());

    /**
     * @param url        the datasource's JDBC URL, as its metadata gives it
     * @param derbyHome  where Derby resolves a relative database name: {@code derby.system.home}, else the working
     *                   directory
     */
    static DatabaseLocation of(String url, Path derbyHome) {
        String plain = url.split(";", 2)[0];
        if (!plain.startsWith(DERBY)) {
            return new DatabaseLocation(withoutSecrets(plain), Optional.empty());
        }
        String name = plain.substring(DERBY.length());
        if (name.startsWith("directory:")) {
            name = name.substring("directory:".length());
        } else if (name.startsWith("//") || name.matches("^(memory|jar|classpath):.*")) {
            return new DatabaseLocation(plain, Optional.empty()); // Derby's network client, or no disk of its own
        }
        if (name.isEmpty()) {
            return new DatabaseLocation(plain, Optional.empty());
        }
        Path directory = derbyHome.resolve(name).toAbsolutePath().normalize();
        return new DatabaseLocation(plain, Optional.of(directory));
    }

    /** A URL as the log may show it: without a password some drivers take in it. */
    private static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1…").replaceAll("//[^/@]*@", "//");
    }

    @Override
    public String toString() {
        return directory.map(Path::toString).orElse(url);
    }
}
