package org.dump.federation.internal;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a peer's answer to a push means ({@link Sent}), noted where it belongs: the peer's standing (whether it takes
 * this node), its last error and counts, and the log, once for a failure that repeats.
 */
final class PushAnswers {

    /** What became of a batch sent to a peer. */
    enum Sent {
        /**
         * Done with: the peer took it (records it refused are its to report), or refused the batch as a whole as
         * malformed or too large, which sending it again would not change (anti-entropy offers the records again)
         */
        DONE,
        /** To be sent again: the peer answered 429, 5xx or its web server's own 404 */
        AGAIN,
        /** The peer did not answer at all, or not within the bounds of an answer */
        NO_ANSWER,
        /** The peer does not take this node as its peer (401, 403): nothing more is sent to it for a while */
        REFUSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordPush.class);

    private final PeerDirectory peers;
    private final PeerStanding standing;
    /** The last failure logged for each peer, so that a peer failing alike again and again is logged once. */
    private final Map<String, String> lastLogged = new ConcurrentHashMap<>();

    PushAnswers(PeerDirectory peers, PeerStanding standing) {
        this.peers = peers;
        this.standing = standing;
    }

    /** Notes and returns what {@code response}, or {@code failure}, to a batch of {@code size} records means. */
    Sent read(Peer peer, int size, HttpResponse<byte[]> response, Throwable failure) {
        Sent sent;
        String error = null;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            error = "pushing records: " + (cause instanceof IOException io ? PeerClient.describe(io) : cause);
            sent = Sent.NO_ANSWER;
        } else {
            int status = response.statusCode();
            String said = new String(response.body(), 0, Math.min(response.body().length, 200),
                    StandardCharsets.UTF_8);
            if (status != 200) {
                error = "pushing records: HTTP " + status + " " + said;
            }
            if (PeerClient.refusal(status)) {
                standing.refused(peer.nodeId(), PeerClient.messageOf(response.body())); // which tells the log, once
                peers.exchanged(peer.nodeId(), 0, 0, error);
                return Sent.REFUSED;
            }
            if (status == 200) {
                standing.accepted(peer.nodeId());
            }
            sent = status == 200 || final4xx(response) ? Sent.DONE : Sent.AGAIN;
            if (status != 200 && sent == Sent.DONE) {
                LOG.warn("Peer {} refused a batch of {} records as a whole (HTTP {}); not sent again", peer.nodeId(),
                        size, status);
            }
        }
        if (error != null && !error.equals(lastLogged.put(peer.nodeId(), error))) {
            LOG.warn("Peer {} at {}: {} (logged again when this changes)", peer.nodeId(), peer.url(), error);
        } else if (error == null && lastLogged.remove(peer.nodeId()) != null) {
            LOG.info("Peer {} takes pushes again", peer.nodeId());
        }
        peers.exchanged(peer.nodeId(), 0, error == null ? size : 0, error);
        return sent;
    }

    /**
     * @return whether the endpoint itself refused the batch (JSON 400, 404, 409, 413); the web server's own 404 (a
     *         peer still starting, its federation not up yet) is worth another try
     */
    private static boolean final4xx(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        boolean fromTheEndpoint = response.headers().firstValue("Content-Type")
                .filter(type -> type.startsWith("application/json")).isPresent();
        return fromTheEndpoint && (status == 400 || status == 404 || status == 409 || status == 413);
    }
}
