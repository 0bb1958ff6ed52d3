package org.dump.federation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A node that asked to be taken as a peer (its hello) while this node approves peers by hand.
 *
 * @param nodeId    its node id: the fingerprint of {@code publicKey}
 * @param publicKey its Ed25519 key in base64, which signed the hello and its front door presented
 * @param url       where it answers, as its hello said and its front door confirmed
 * @param name      the name its administrator gave it
 * @param modules   the modules it ran, as {@code id@dataVersion}
 * @param state     pending, or refused by an administrator of this node
 * @param firstAsked when its first hello came
 * @param lastAsked  when its latest hello came
 * @param hellos    how many hellos it said
 */
public record PeerRequest(String nodeId, String publicKey, URI url, String name, List<String> modules, State state,
        Instant firstAsked, Instant lastAsked, long hellos) {

    /** Where a request stands. */
    public enum State {
        /** Waiting for an administrator of this node. */
        PENDING,
        /** An administrator of this node refused it: its hellos are answered so, until one approves it. */
        REFUSED
    }

    public PeerRequest {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        modules = List.copyOf(modules);
    }
}
