package org.dump.repository.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dump.crypto.Digests;
import org.dump.crypto.Ed25519KeyPair;
import org.dump.crypto.IndexSignature;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * A signed repository index and its signature file as the fuzzer changed them, for the fuzz tests of signed
 * indexes: one of a few indexes signed by {@link FuzzPublisher} (increments 1 to 3) or by a stranger, then up to
 * eight changes: bytes of the index flipped, inserted, deleted or all replaced; the signature file edited, replaced
 * by another index's or by anything; and (if allowed) the index signed again as it now is, by the publisher or the
 * stranger. Keeps the digest of every index the trusted publisher signed, which alone may pass.
 */
final class IndexMutations {

    /** An index as its publisher signed it. */
    record Original(byte[] xml, String signature, boolean trusted) {
    }

    static final Ed25519KeyPair STRANGER = Ed25519KeyPair.generate();
    static final List<Original> ORIGINALS = List.of(original(1, true, ""), original(2, true, ""),
            original(3, true, resource("0".repeat(64), "missing.jar") + resource("1".repeat(64), null)),
            original(4, false, ""));

    byte[] xml;
    String signature;
    /** SHA-256 (hex) of every index that the trusted publisher signed. */
    final Set<String> signed = new HashSet<>();

    private IndexMutations(Original original) {
        this.xml = original.xml().clone();
        this.signature = original.signature();
        ORIGINALS.stream().filter(Original::trusted).forEach(o -> signed.add(FuzzPublisher.hex(Digests.sha256(o.xml()))));
    }

    static IndexMutations of(FuzzedDataProvider data, boolean resign) {
        IndexMutations index = new IndexMutations(ORIGINALS.get(data.consumeInt(0, ORIGINALS.size() - 1)));
        int changes = data.consumeInt(0, 8);
        for (int i = 0; i < changes; i++) {
            index.change(data, resign);
        }
        return index;
    }

    /** @return whether the index and its signature file are exactly one the trusted publisher published */
    boolean untouched() {
        return ORIGINALS.stream().anyMatch(o -> o.trusted() && Arrays.equals(o.xml(), xml)
                && o.signature().equals(signature));
    }

    /** @return whether the signature file is exactly the trusted publisher's signature of the index as it is */
    boolean signedAsIs() {
        return signature.equals(IndexSignature.sign(FuzzPublisher.PUBLISHER.keyPair(), xml).toText());
    }

    boolean signedByTrusted(byte[] bytes) {
        return signed.contains(FuzzPublisher.hex(Digests.sha256(bytes)));
    }

    private void change(FuzzedDataProvider data, boolean resign) {
        int at = data.consumeInt(0, Math.max(xml.length - 1, 0));
        switch (data.consumeInt(0, resign ? 9 : 7)) {
            case 0 -> {
                if (xml.length > 0) {
                    xml[at] ^= (byte) data.consumeInt(1, 255);
                }
            }
            case 1 -> xml = splice(xml, at, 0, data.consumeBytes(data.consumeInt(0, 64)));
            case 2 -> xml = splice(xml, at, Math.min(data.consumeInt(0, 64), xml.length - at), new byte[0]);
            case 3 -> xml = data.consumeBytes(data.consumeInt(0, 4096));
            case 4 -> signature = edit(signature, data);
            case 5 -> signature = ORIGINALS.get(data.consumeInt(0, ORIGINALS.size() - 1)).signature();
            case 6 -> signature = data.consumeString(400);
            case 7 -> signature = signature.replace("=\n", "=" + data.consumeString(8) + "\n");
            case 8 -> {
                signature = IndexSignature.sign(FuzzPublisher.PUBLISHER.keyPair(), xml).toText();
                signed.add(FuzzPublisher.hex(Digests.sha256(xml)));
            }
            default -> signature = IndexSignature.sign(STRANGER, xml).toText();
        }
    }

    /** A line of the signature file replaced, or one added after it. */
    private static String edit(String text, FuzzedDataProvider data) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int line = data.consumeInt(0, lines.size() - 1);
        String replacement = data.consumeString(200);
        if (data.consumeBoolean()) {
            lines.set(line, replacement);
        } else {
            lines.add(line + 1, replacement);
        }
        return String.join("\n", lines);
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        int from = Math.min(at, bytes.length);
        byte[] result = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(bytes, from + remove, result, from + insert.length, bytes.length - from - remove);
        return result;
    }

    /** The index of the publisher (or the stranger) at an increment: the signed bundle, and more resources. */
    private static Original original(long increment, boolean trusted, String more) {
        String xml = "<?xml version='1.0' encoding='UTF-8'?>\n<repository xmlns=\"" + RepositoryIndex.NAMESPACE
                + "\" name=\"fuzz\" increment=\"" + increment + "\">\n"
                + resource(FuzzPublisher.hex(Digests.sha256(FuzzPublisher.SIGNED_JAR)), "signed.jar") + more
                + "</repository>\n";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        Ed25519KeyPair key = trusted ? FuzzPublisher.PUBLISHER.keyPair() : STRANGER;
        return new Original(bytes, IndexSignature.sign(key, bytes).toText(), trusted);
    }

    private static String resource(String sha256, String url) {
        return "  <resource>\n    <capability namespace=\"osgi.identity\">\n"
                + "      <attribute name=\"osgi.identity\" value=\"org.example.fuzz\"/>\n"
                + "      <attribute name=\"version\" value=\"1.0.0\" type=\"Version\"/>\n    </capability>\n"
                + "    <capability namespace=\"dump.module\">\n      <attribute name=\"dump.module\" value=\"fuzz\"/>\n"
                + "    </capability>\n    <capability namespace=\"osgi.content\">\n"
                + (url == null ? "" : "      <attribute name=\"url\" value=\"" + url + "\"/>\n")
                + "      <attribute name=\"osgi.content\" value=\"" + sha256 + "\"/>\n    </capability>\n"
                + "  </resource>\n";
    }
}
