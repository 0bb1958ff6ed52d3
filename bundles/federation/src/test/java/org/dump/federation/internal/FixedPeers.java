package org.dump.federation.internal;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;

/**
 * A node's peers for tests of parts that only read them: a fixed list. Of what is reported about them, only the
 * number of exchanges is kept.
 */
final class FixedPeers implements PeerDirectory {

    /** A node without peers. */
    static final FixedPeers NONE = new FixedPeers(List.of());

    private final List<Peer> peers;
    private final AtomicInteger exchanges = new AtomicInteger();

    FixedPeers(List<Peer> peers) {
        this.peers = List.copyOf(peers);
    }

    /** @return how many exchanges with peers were reported, successful or not */
    int exchanges() {
        return exchanges.get();
    }

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
        exchanges.incrementAndGet();
    }

    @Override
    public void misbehaved(String nodeId, long count, String what) {
    }

    @Override
    public void synced(String nodeId) {
    }
}
