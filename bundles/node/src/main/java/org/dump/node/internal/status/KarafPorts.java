package org.dump.node.internal.status;

import java.io.IOException;
import java.util.Dictionary;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The ports this node listens on, as configured for Pax Web (HTTP), the Karaf shell (SSH) and Karaf management
 * (JMX over RMI). Read from ConfigAdmin without creating or binding any configuration.
 */
@Component(service = KarafPorts.class)
public final class KarafPorts {

    static final int UNKNOWN = -1;

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public KarafPorts(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    public int http() {
        return port("org.ops4j.pax.web", "org.osgi.service.http.port");
    }

    public int ssh() {
        return port("org.apache.karaf.shell", "sshPort");
    }

    public int rmiRegistry() {
        return port("org.apache.karaf.management", "rmiRegistryPort");
    }

    public int rmiServer() {
        return port("org.apache.karaf.management", "rmiServerPort");
    }

    private int port(String pid, String key) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (found == null || found.length == 0) {
                return UNKNOWN;
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            Object value = properties == null ? null : properties.get(key);
            return value == null ? UNKNOWN : Integer.parseInt(value.toString().trim());
        } catch (IOException | InvalidSyntaxException | NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
