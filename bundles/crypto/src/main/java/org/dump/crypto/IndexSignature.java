package org.dump.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A publisher's detached signature of a repository index, stored next to it as {@value #FILE_NAME}. A node checks
 * it against a publisher it trusts before it believes anything the index says, notably the SHA-256 of each bundle.
 *
 * <p>The signature covers the exact bytes of {@code index.xml}: the message signed is the label
 * {@code DUMP-REPOSITORY-INDEX-1} and the index's SHA-256, encoded with {@link CanonicalBytes}. The label keeps an
 * index signature from ever passing for anything else the same key signs (it also signs the bundles' JAR
 * signature files).
 *
 * <p>The file is text, one {@code key=value} a line after a comment:
 * <pre>
 * # DUMP repository index signature: Ed25519 by the publisher below over index.xml
 * publisher=&lt;base64 of the raw 32-byte public key&gt;
 * signature=&lt;base64 of the 64-byte signature&gt;
 * </pre>
 */
public final class IndexSignature {

    /** Name of the signature file, in the same folder as the index it signs. */
    public static final String FILE_NAME = "index.xml.sig";

    private static final String LABEL = "DUMP-REPOSITORY-INDEX-1";
    private static final String PUBLISHER = "publisher";
    private static final String SIGNATURE = "signature";

    private final Ed25519PublicKey publisher;
    private final byte[] signature;

    private IndexSignature(Ed25519PublicKey publisher, byte[] signature) {
        this.publisher = publisher;
        this.signature = signature;
    }

    /** @return the publisher's signature of {@code index}, the exact bytes of an {@code index.xml} */
    public static IndexSignature sign(Ed25519KeyPair publisher, byte[] index) {
        return new IndexSignature(publisher.publicKey(), publisher.sign(message(index)));
    }

    /**
     * Reads the text of an {@value #FILE_NAME}. Blank lines and lines starting with {@code #} are skipped; anything
     * else must be exactly one {@code publisher} and one {@code signature} line.
     *
     * @throws IllegalArgumentException naming what is wrong if the text is not such a file
     */
    public static IndexSignature parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no index signature given");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n|\r")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("index signature line without '=': " + abbreviate(trimmed));
            }
            String key = trimmed.substring(0, equals).strip();
            if (!PUBLISHER.equals(key) && !SIGNATURE.equals(key)) {
                throw new IllegalArgumentException("unknown field in index signature: " + abbreviate(key));
            }
            if (fields.put(key, trimmed.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("field '" + key + "' appears twice in index signature");
            }
        }
        return new IndexSignature(publisherOf(fields.get(PUBLISHER)), signatureOf(fields.get(SIGNATURE)));
    }

    /** @return the key of the publisher who claims to have signed the index */
    public Ed25519PublicKey publisher() {
        return publisher;
    }

    /** @return true only if this is the publisher's signature over exactly these bytes */
    public boolean verifies(byte[] index) {
        return index != null && publisher.verify(message(index), signature);
    }

    /** @return the text of an {@value #FILE_NAME} file, which {@link #parse} reads back */
    public String toText() {
        return "# DUMP repository index signature: Ed25519 by the publisher below over index.xml (fingerprint "
                + publisher.fingerprint() + ")\n"
                + PUBLISHER + "=" + publisher.base64() + "\n"
                + SIGNATURE + "=" + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    @Override
    public String toString() {
        return "IndexSignature[" + publisher.fingerprint() + "]";
    }

    private static byte[] message(byte[] index) {
        return new CanonicalBytes(LABEL).add(Base64.getEncoder().encodeToString(Digests.sha256(index)))
                .toByteArray();
    }

    private static Ed25519PublicKey publisherOf(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("index signature names no publisher (no 'publisher=' line)");
        }
        try {
            return Ed25519PublicKey.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("index signature's publisher is not an Ed25519 public key: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] signatureOf(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("index signature holds no signature (no 'signature=' line)");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("index signature's signature is not base64: " + e.getMessage(), e);
        }
        if (signature.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("index signature's signature has " + signature.length
                    + " bytes instead of " + Ed25519PublicKey.SIGNATURE_LENGTH);
        }
        return signature;
    }

    /** Keeps a hostile file from putting a megabyte of text into an error message and a log. */
    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
