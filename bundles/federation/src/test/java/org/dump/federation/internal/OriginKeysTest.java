package org.dump.federation.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.dump.crypto.Ed25519KeyPair;
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
        OriginKeys keys = new OriginKeys(new TestNodeIdentity(self), FixedPeers.NONE, database.transactions());
        assertEquals(Optional.of(self.publicKey()), keys.of(self.publicKey().fingerprint()));

        keys.learn(Map.of(far.publicKey().fingerprint(), far.publicKey(),
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", liar.publicKey()));
        assertEquals(Optional.of(far.publicKey()), keys.of(far.publicKey().fingerprint()));
        assertTrue(keys.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").isEmpty());

        database.reopen();
        OriginKeys afterRestart = new OriginKeys(new TestNodeIdentity(self), FixedPeers.NONE, database.transactions());
        assertEquals(Optional.of(far.publicKey()), afterRestart.of(far.publicKey().fingerprint()));
        assertTrue(afterRestart.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").isEmpty());
    }
}
