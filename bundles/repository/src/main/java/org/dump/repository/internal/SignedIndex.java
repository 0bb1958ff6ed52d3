package org.dump.repository.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.dump.crypto.IndexSignature;
import org.dump.repository.ModuleRefusedException;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;

/**
 * A publisher's repository index whose detached signature checked out against a publisher this node trusts: the
 * bytes as signed (kept to be served again unchanged, since this node cannot sign for the publisher), the
 * signature, and what the index says.
 *
 * @param xml the index exactly as signed
 * @param signature its signature file
 * @param publisher the trusted publisher who signed it
 * @param index the index as read
 */
record SignedIndex(byte[] xml, IndexSignature signature, TrustedPublisher publisher, RepositoryIndex index) {

    /**
     * Checks an index and its signature file.
     *
     * @param source where they came from, for messages
     * @throws ModuleRefusedException if the signature is malformed or wrong, the publisher is not trusted or the
     *         index cannot be read
     */
    static SignedIndex verify(byte[] xml, byte[] signatureFile, PublisherTrust trust, String source)
            throws ModuleRefusedException {
        IndexSignature signature;
        try {
            signature = IndexSignature.parse(new String(signatureFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ModuleRefusedException("The index signature from " + source + " is malformed: "
                    + e.getMessage());
        }
        String fingerprint = signature.publisher().fingerprint();
        Optional<TrustedPublisher> publisher = trust.byFingerprint(fingerprint);
        if (publisher.isEmpty()) {
            throw new ModuleRefusedException("The index from " + source + " is signed by publisher " + fingerprint
                    + ", whom this node does not trust (dump:trust-list; dump:trust-add NAME KEY to trust it)");
        }
        if (!signature.verifies(xml)) {
            throw new ModuleRefusedException("The index from " + source + " does not match its signature by "
                    + publisher.get().name() + ": it was altered or the signature belongs to another index");
        }
        try {
            return new SignedIndex(xml, signature, publisher.get(), RepositoryIndex.parse(xml));
        } catch (IllegalArgumentException e) {
            throw new ModuleRefusedException("The index from " + source + " (signed by " + publisher.get().name()
                    + ") cannot be read: " + e.getMessage());
        }
    }

    long increment() {
        return index.increment();
    }

    String fingerprint() {
        return publisher.fingerprint();
    }
}
