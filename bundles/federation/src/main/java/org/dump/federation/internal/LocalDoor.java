package org.dump.federation.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Where a relayed request is served: this node's own web server, reached where Pax Web listens, so that every
 * endpoint (federation, consent, repository, front door) answers through a relay exactly as it does directly. The
 * request goes with the URI its sender signed ({@link RelayedTarget}) and this JVM's secret.
 */
@Component(service = LocalDoor.class)
public final class LocalDoor {

    /** A relayed answer may carry a bundle; the relay passes on no more either. */
    static final BoundedAnswer.Bound ANSWER = new BoundedAnswer.Bound(16 * 1024 * 1024, Duration.ofSeconds(55));
    private static final String PAX_WEB = "org.ops4j.pax.web";

    private final PeerClient client;
    private final ConfigurationAdmin configurations;
    private final Supplier<URI> base;

    @Activate
    public LocalDoor(@Reference PeerClient client, @Reference ConfigurationAdmin configurations) {
        this.client = client;
        this.configurations = configurations;
        this.base = this::listening;
    }

    /** A door to the web server at {@code base} (tests). */
    LocalDoor(PeerClient client, Supplier<URI> base) {
        this.client = client;
        this.configurations = null;
        this.base = base;
    }

    /**
     * @param signedFor the URI the sender signed: the relay's address for this node, and the request's path
     * @return this node's answer; a failure to reach its own web server is a 502 answer, never a failed future
     */
    CompletableFuture<RelayedExchange.Answer> serve(URI signedFor, RelayedRequest relayed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.get().resolve(relayed.path())).timeout(ANSWER.time())
                .method(relayed.method(), relayed.body().length == 0 && !"POST".equals(relayed.method())
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(relayed.body()));
        relayed.headers().forEach(request::header);
        request.header(RelayedTarget.TARGET, signedFor.toString()).header(RelayedTarget.SECRET_HEADER,
                RelayedTarget.SECRET);
        return client.exchangeAsync(request.build(), ANSWER).handle((response, failure) -> {
            if (failure != null) {
                return new RelayedExchange.Answer(502, Map.of("content-type", "application/json"),
                        ("{\"message\":\"the node did not answer its own relayed request\"}")
                                .getBytes(StandardCharsets.UTF_8));
            }
            Map<String, String> headers = RelayHeaders.keep(RelayHeaders.ANSWER, response.headers().map().keySet(),
                    name -> String.join(", ", response.headers().allValues(name)));
            return new RelayedExchange.Answer(response.statusCode(), headers, response.body());
        });
    }

    /** @return this node's web server, where Pax Web listens: the first listening address, any-address as loopback */
    private URI listening() {
        String port = setting("org.osgi.service.http.port", "8181");
        String address = setting("org.ops4j.pax.web.listening.addresses", "0.0.0.0").split(",")[0].strip();
        if (address.isEmpty() || "0.0.0.0".equals(address) || "::".equals(address)) {
            address = "127.0.0.1";
        }
        return URI.create("http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/");
    }

    private String setting(String key, String otherwise) {
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + PAX_WEB + ")");
            Dictionary<String, Object> properties = found == null || found.length == 0 ? null
                    : found[0].getProperties();
            Object value = properties == null ? null : properties.get(key);
            return value == null || value.toString().isBlank() ? otherwise : value.toString().strip();
        } catch (IOException | InvalidSyntaxException e) {
            return otherwise;
        }
    }
}
