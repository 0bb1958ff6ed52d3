package org.dump.federation.internal;

import java.net.URI;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Component;

/**
 * Whether the nodes this node contacts answer, for its {@link PeerView}: {@link PeerClient} notes every request's
 * outcome here (pushes, anti-entropy, peer exchange, hellos, front doors), so that a peer's silence is seen whatever
 * contacted it. Kept per address ({@link #key}: scheme, host and port), since "connection refused" and "timed out"
 * are said of an address, not of a node id; in memory only, so a restarted node gives every peer a fresh start.
 */
@Component(service = PeerContacts.class)
public final class PeerContacts {

    private final PeerView view;
    private final LongSupplier millis;

    public PeerContacts() {
        this(new PeerView(), System::currentTimeMillis);
    }

    PeerContacts(PeerView view, LongSupplier millis) {
        this.view = view;
        this.millis = millis;
    }

    /** @return the key of the address {@code url} under which its contacts are noted */
    static String key(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        String host = scheme + "://" + String.valueOf(url.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
        // Nodes reached through one relay share its host and port: each is its own contact all the same.
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.startsWith("/relay/")) {
            int end = path.indexOf('/', "/relay/".length());
            return end < 0 ? host : host + path.substring(0, end); // "/relay/attach" is the relay's own
        }
        return host;
    }

    /** Something answered at {@code target}, whatever it said. */
    void answered(URI target) {
        view.answered(key(target), millis.getAsLong());
    }

    /** Nothing answered at {@code target}: refused, timed out, closed, or a gateway saying the node behind is away. */
    void unanswered(URI target) {
        view.unanswered(key(target), millis.getAsLong());
    }

    PeerView view() {
        return view;
    }

    long now() {
        return millis.getAsLong();
    }
}
