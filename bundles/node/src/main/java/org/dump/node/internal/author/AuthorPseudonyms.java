package org.dump.node.internal.author;

import java.nio.charset.StandardCharsets;

import org.dump.api.record.AuthorReference;
import org.dump.crypto.Digests;
import org.dump.crypto.Identifiers;
import org.dump.node.account.Account;
import org.dump.node.identity.NodeIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Turns an account into the pseudonym that one module knows it by: HMAC-SHA-256 under a key only this node can
 * compute, over the module id, the username and the account's creation time. The same user gets the same
 * pseudonym in one module every time, an unrelated one in every other module, and a new account that reuses a
 * removed account's username gets a new one. Nobody without the node's private key can tell whose it is.
 */
@Component(service = AuthorPseudonyms.class)
public final class AuthorPseudonyms {

    /** 128 bits of the MAC (26 characters): collisions are out of reach. */
    private static final int BYTES = 16;

    private final byte[] key;

    @Activate
    public AuthorPseudonyms(@Reference NodeIdentity identity) {
        // Ed25519 signatures are deterministic: the node's signature of a fixed label is a secret that only the
        // holder of the node key can compute, and the same after every restart. No second secret file to keep.
        this(Digests.sha256(identity.sign("DUMP author pseudonym key v1".getBytes(StandardCharsets.US_ASCII))));
    }

    AuthorPseudonyms(byte[] key) {
        this.key = key.clone();
    }

    /** @return the pseudonym of {@code account} in {@code module} */
    public AuthorReference of(String module, Account account) {
        byte[] input = (module + '\u0000' + account.username() + '\u0000' + account.created().toEpochMilli())
                .getBytes(StandardCharsets.UTF_8);
        return new AuthorReference(Identifiers.base32(Digests.hmacSha256(key, input), BYTES));
    }
}
