package org.dump.federation.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Instant;

import org.dump.crypto.Ed25519KeyPair;
import org.dump.node.testing.TestNodeIdentity;
import org.junit.Test;

/** A node's signed word on its address holds for that node and that address only. */
public class AddressStatementTest {

    private final TestNodeIdentity node = new TestNodeIdentity(Ed25519KeyPair.generate());
    private final URI relayed = URI.create("http://relay.example:8181/relay/" + node.id() + "/");

    @Test
    public void aStatementDeclaresItsAddressForItsKey() {
        AddressStatement said = AddressStatement.of(node, relayed, Instant.ofEpochSecond(1_800_000_000L));
        assertTrue(said.declares(node.publicKey(), relayed));
        assertTrue("compared as base URLs", said.declares(node.publicKey(),
                URI.create("http://RELAY.example:8181/relay/" + node.id())));
        assertFalse(said.declares(node.publicKey(), URI.create("http://relay.example:8181/relay/other/")));
        assertFalse(said.declares(new TestNodeIdentity(Ed25519KeyPair.generate()).publicKey(), relayed));
    }

    @Test
    public void anAlteredStatementDeclaresNothing() {
        AddressStatement said = AddressStatement.of(node, relayed, Instant.ofEpochSecond(1_800_000_000L));
        assertFalse(new AddressStatement(relayed, said.issued() + 1, said.signature())
                .declares(node.publicKey(), relayed));
        URI other = URI.create("http://evil.example/relay/" + node.id() + "/");
        assertFalse(new AddressStatement(other, said.issued(), said.signature()).declares(node.publicKey(), other));
        assertFalse(new AddressStatement(relayed, said.issued(), "not base64!").declares(node.publicKey(), relayed));
        assertFalse(new AddressStatement(relayed, said.issued(), "AAAA").declares(node.publicKey(), relayed));
    }
}
