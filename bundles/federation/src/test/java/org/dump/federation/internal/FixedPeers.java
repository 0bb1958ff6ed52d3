package org.dump.federation.internal;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;

/** A node's peers for tests of parts that only read them: a fixed list, and what is reported of them is dropped. */
record FixedPeers(List<Peer> peers) implements PeerDirectory {

    /** A node without peers. */
    static final FixedPeers NONE = new FixedPeers(List.of());

    @Override
    public Peer add(URI url) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Peer> list() {
        return peers;
    }

    @Override
    public Optional<Peer> find(String nodeIdOrUrl) {
        return peers.stream().filter(peer -> peer.nodeId().equals(nodeIdOrUrl)
                || peer.url().toString().equals(nodeIdOrUrl)).findFirst();
    }

    @Override
    public boolean remove(String nodeIdOrUrl) {
        return false;
    }

    @Override
    public void refresh() {
    }

    @Override
    public void exchanged(String nodeId, long recordsIn, long recordsOut, String error) {
    }

    @Override
    public void misbehaved(String nodeId, long count, String what) {
    }

    @Override
    public void synced(String nodeId) {
    }
}
