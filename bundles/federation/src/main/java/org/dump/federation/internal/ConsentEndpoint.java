package org.dump.federation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.consent.ConsentInbox;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.MessageKind;
import org.dump.node.identity.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code POST /federation/profiles/requests} and {@code …/answers} do, apart from the servlet API: the body is
 * read up to {@link #MAX_BODY_BYTES}, the request must be signed by a peer with its pinned key, within the allowed
 * time and never seen before ({@link RequestSignatures}, {@link ReplayGuard}), and only then does the node's
 * {@link ConsentInbox} see the message, with the signing peer as its sender. The profile in an answer arrives sealed
 * to this node and is opened here ({@link SealedProfiles}); the inbox sees it as the sending node wrote it. Answers
 * and log lines name requests and nodes only.
 */
final class ConsentEndpoint {

    /** Enough for a profile with an avatar of {@code 5 MiB} in base64. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    static final String PREFIX = "/federation/profiles";

    private static final Logger LOG = LoggerFactory.getLogger(ConsentEndpoint.class);

    /** What to answer: the status and a JSON body. */
    record Answer(int status, Object body) {
    }

    /** An answer's body. */
    record Message(String status, String message) {
    }

    private final PeerDirectory peers;
    private final ConsentInbox inbox;
    private final RequestSignatures signatures;
    private final ReplayGuard replays;
    private final PeerLimits limits;
    private final NodeIdentity identity;

    ConsentEndpoint(PeerDirectory peers, ConsentInbox inbox, RequestSignatures signatures, PeerLimits limits,
            NodeIdentity identity) {
        this.peers = peers;
        this.inbox = inbox;
        this.signatures = signatures;
        this.limits = limits;
        this.identity = identity;
        this.replays = limits.replayGuard("consent");
    }

    /**
     * @param path          the path after {@link #PREFIX}, e.g. {@code /requests}
     * @param target        the request's full URI, as the sender signed it
     * @param contentLength the declared length of the body, or -1
     */
    Answer handle(String method, String path, URI target, Function<String, String> headers, long contentLength,
            InputStream in, String remoteAddress) throws IOException {
        MessageKind kind = path != null && path.startsWith("/") ? MessageKind.ofPath(path.substring(1)) : null;
        if (kind == null) {
            return refused(404, "no such endpoint: " + PREFIX + "/requests and " + PREFIX + "/answers are served");
        }
        if (!"POST".equals(method)) {
            return refused(405, "only POST is answered here");
        }
        if (contentLength > MAX_BODY_BYTES) {
            return refused(413, "at most " + MAX_BODY_BYTES + " bytes per message");
        }
        String sender;
        try {
            signatures.precheck(headers, this::pinnedKey); // before a byte of the body is read
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                return refused(413, "at most " + MAX_BODY_BYTES + " bytes per message");
            }
            RequestSignatures.Claim claim = signatures.check(headers, method, target, body, this::pinnedKey);
            sender = claim.nodeId();
            Optional<PeerLimits.Excess> excess = limits.admit(sender, body.length);
            if (excess.isPresent()) {
                return tooMuch(sender, excess.get());
            }
            RequestSignatures.remember(claim, replays); // only now: a request over the rate takes no room here
            return deliver(sender, kind, body);
        } catch (RequestSignatures.Refused refused) {
            LOG.warn("Consent message from {} refused: {}", remoteAddress, refused.getMessage());
            return refused(401, refused.getMessage());
        }
    }

    /** Answers 429: the sender is over its limits ({@link PeerLimits}); logged and counted at most once a minute. */
    private Answer tooMuch(String sender, PeerLimits.Excess excess) {
        if (excess.toReport() > 0) {
            LOG.warn("Peer {} sends {}: {} consent message(s) refused with 429 since the last report", sender,
                    excess.reason(), excess.toReport());
            peers.misbehaved(sender, excess.toReport(), "sent " + excess.reason());
        }
        return refused(429, "this peer sends " + excess.reason());
    }

    private Answer deliver(String sender, MessageKind kind, byte[] body) {
        byte[] message = body;
        if (kind == MessageKind.ANSWER) {
            try {
                message = SealedProfiles.open(body, identity);
            } catch (SealedProfiles.Refused refused) {
                LOG.info("Consent answer from node {} refused: {}", sender, refused.getMessage());
                return refused(400, refused.getMessage());
            }
        }
        try {
            inbox.receive(sender, kind, message);
        } catch (ConsentMessageRefusedException refused) {
            LOG.info("Consent message ({}) from node {} refused: {}", kind.path(), sender, refused.getMessage());
            return refused(switch (refused.reason()) {
                case MALFORMED -> 400;
                case UNKNOWN_REQUEST -> 404;
                case CONFLICT -> 409;
            }, refused.getMessage());
        }
        return new Answer(200, new Message("received", null));
    }

    private Optional<Ed25519PublicKey> pinnedKey(String nodeId) {
        return peers.find(nodeId).filter(peer -> peer.nodeId().equals(nodeId)).map(Peer::publicKey)
                .map(Ed25519PublicKey::fromBase64);
    }

    private static Answer refused(int status, String message) {
        return new Answer(status, new Message("refused", message));
    }
}
