package org.dump.node.status;

import java.net.URI;

/**
 * The state of the node at one moment.
 *
 * @param dataDirectory   where the node keeps its key, database and logs
 * @param httpPort        the port of the REST API and user interface, -1 if unknown
 * @param sshPort         the port of the Karaf shell over SSH, -1 if unknown
 * @param rmiRegistryPort the JMX RMI registry port, -1 if unknown
 * @param rmiServerPort   the JMX RMI server port, -1 if unknown
 * @param datasource      the JDBC URL and database product behind the node's datasource
 * @param accounts        accounts on this node
 * @param administrators  accounts with the admin role
 */
public record NodeStatusReport(String id, String name, String version, URI publicBaseUrl, String dataDirectory,
        int httpPort, int sshPort, int rmiRegistryPort, int rmiServerPort, String datasource, long accounts,
        long administrators) {
}
