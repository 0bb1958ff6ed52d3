package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.federation.Peer;
import org.dump.federation.PeerDirectory;
import org.dump.node.testing.NodeDatabase;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

public class OriginKeysTest {

    private final TemporaryFolder folder = new TemporaryFolder();
    private final NodeDatabase database = new NodeDatabase(folder, JpaPeerDirectory.UNIT);

    @Rule
    public final RuleChain rules = RuleChain.outerRule(folder).around(database);

    private final Ed25519KeyPair self = Ed25519KeyPair.generate();

    @Test
    public void keysOfFarOriginsAreLearnedOnlyForTheirOwnIdsAndOutliveARestart() {
        Ed25519KeyPair far = Ed25519KeyPair.generate();
        Ed25519KeyPair liar = Ed25519KeyPair.generate();
        OriginKeys keys = new OriginKeys(new TestNodeIdentity(self), NO_PEERS, database.transactions());
        assertEquals(Optional.of(self.publicKey()), keys.of(self.publicKey().fingerprint()));

        keys.learn(Map.of(far.publicKey().fingerprint(), far.publicKey(),
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", liar.publicKey()));
        assertEquals(Optional.of(far.publicKey()), keys.of(far.publicKey().fingerprint()));
        assertTrue(keys.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").isEmpty());

        database.reopen();
        OriginKeys afterRestart = new OriginKeys(new TestNodeIdentity(self), NO_PEERS, database.transactions());
        assertEquals(Optional.of(far.publicKey()), afterRestart.of(far.publicKey().fingerprint()));
        assertTrue(afterRestart.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").isEmpty());
    }

    /** A node without peers. */
    private static final PeerDirectory NO_PEERS = new PeerDirectory() {
        @Override
        public Peer add(URI url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Peer> list() {
            return List.of();
        }

        @Override
        public Optional<Peer> find(String nodeIdOrUrl) {
            return Optional.empty();
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
    };
}
