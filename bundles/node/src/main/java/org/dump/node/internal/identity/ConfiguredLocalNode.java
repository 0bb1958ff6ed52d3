package org.dump.node.internal.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import org.dump.api.node.LocalNode;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.identity.PublicAddress;
import org.dump.node.internal.status.KarafPorts;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node as its administrator configured it ({@code etc/org.dump.node.cfg}) around its key-derived id. */
@Component(service = {LocalNode.class, PublicAddress.class}, configurationPid = ConfiguredLocalNode.PID)
@Designate(ocd = ConfiguredLocalNode.Config.class)
public final class ConfiguredLocalNode implements LocalNode, PublicAddress {

    static final String PID = "org.dump.node";

    @ObjectClassDefinition(name = "DUMP node", description = "How this node presents itself to users and peers.")
    public @interface Config {

        @AttributeDefinition(name = "Name", description = "Shown to users and peers. Empty: 'node-' and the first "
                + "8 characters of the node id.")
        String name() default "";

        @AttributeDefinition(name = "Public base URL", description = "Where users and peers reach this node, e.g. "
                + "https://dump.example.org/. Empty: http://localhost and the configured HTTP port.")
        String publicBaseUrl() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredLocalNode.class);

    private final String id;
    private final String name;
    private final URI publicBaseUrl;
    private final Optional<URI> configured;
    private final String softwareVersion;

    @Activate
    public ConfiguredLocalNode(@Reference NodeIdentity identity, @Reference KarafPorts ports, BundleContext context,
            Config config) {
        this.id = identity.id();
        this.name = config.name().isBlank() ? "node-" + id.substring(0, 8) : config.name().strip();
        // A wrong URL falls back to the default, and counts as none configured: requests are then taken as sent.
        this.configured = parse(config.publicBaseUrl());
        this.publicBaseUrl = baseUrl(config.publicBaseUrl(), ports.http());
        this.softwareVersion = context.getBundle().getHeaders().get("DUMP-Version");
    }

    /** A wrong URL in the configuration is logged and replaced by the default rather than stopping the node. */
    static URI baseUrl(String configured, int httpPort) {
        return parse(configured).orElseGet(() -> URI.create("http://localhost:" + (httpPort > 0 ? httpPort : 8181) + "/"));
    }

    /** @return the configured URL, ending in {@code /}; empty when it is blank or no absolute http(s) URL (logged) */
    static Optional<URI> parse(String configured) {
        if (configured.isBlank()) {
            return Optional.empty();
        }
        String url = configured.strip();
        try {
            URI uri = new URI(url.endsWith("/") ? url : url + "/");
            if (uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        LOG.error("{} publicBaseUrl '{}' is not an absolute http(s) URL; using the default", PID, configured);
        return Optional.empty();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI publicBaseUrl() {
        return publicBaseUrl;
    }

    @Override
    public Optional<URI> configured() {
        return configured;
    }

    @Override
    public String softwareVersion() {
        return softwareVersion;
    }
}
