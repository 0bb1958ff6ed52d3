/**
 * Keys, signatures and password hashes of a DUMP node. Ed25519 (through Bouncy Castle) signs everything a node
 * vouches for; a key's {@linkplain org.dump.crypto.Ed25519PublicKey#fingerprint() fingerprint} is the id others
 * know it by. A module publisher's key signs its repository ({@link org.dump.crypto.IndexSignature}) and bundles
 * ({@link org.dump.crypto.JarSignatures} checks them). Records come in by the thousand, so their signatures
 * can be checked many at once ({@link org.dump.crypto.SignatureBatch}). The same keys, in their X25519 form, let a
 * node seal data so that only the receiving node reads it ({@link org.dump.crypto.SealedBox}). No Bouncy Castle type
 * crosses this API.
 */
@Export
@Version("1.5.0")
package org.dump.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
