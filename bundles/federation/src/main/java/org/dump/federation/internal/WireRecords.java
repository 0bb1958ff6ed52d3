package org.dump.federation.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.record.RecordInventory;
import org.dump.node.record.SignedRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Records as they travel between nodes: {@code {"records":[…], "originKeys":{"<node id>":"<base64 key>"}}}. Each
 * origin's key travels along, so that a node can check records of origins it has never met: a key counts only if
 * its fingerprint is the origin id it is given for and a record of the batch is of that origin. An answer to a
 * request for versions also says whether {@code more} follows and which numbers the asker lacks are {@code gone}
 * ({@code {"<origin>":[[from,to],…]}}), empty parts left out.
 */
final class WireRecords {

    /**
     * A batch as received: the records, the origin keys that check out, and for an answer to a request for versions whether the
     * sender has more and the numbers it says are gone.
     */
    record Batch(List<SignedRecord> records, Map<String, Ed25519PublicKey> originKeys, boolean more,
            Map<String, List<RecordInventory.Range>> gone) {
    }

    /** The JSON form. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Json(List<SignedRecord> records, Map<String, String> originKeys, Boolean more,
            Map<String, List<long[]>> gone) {
    }

    /** The most ranges of gone numbers an answer may hold. */
    static final int MAX_GONE_RANGES = 100_000;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private WireRecords() {
    }

    /** @param more whether more records follow (for answers to a request for versions), or null */
    static byte[] encode(List<SignedRecord> records, Map<String, Ed25519PublicKey> keys, Boolean more) {
        return encode(records, keys, more, Map.of());
    }

    /** @param gone per origin, the numbers the receiver lacks of versions that no longer exist */
    static byte[] encode(List<SignedRecord> records, Map<String, Ed25519PublicKey> keys, Boolean more,
            Map<String, List<RecordInventory.Range>> gone) {
        Map<String, String> originKeys = new HashMap<>();
        for (SignedRecord record : records) {
            Ed25519PublicKey key = keys.get(record.origin());
            if (key != null) {
                originKeys.put(record.origin(), key.base64());
            }
        }
        try {
            return JSON.writeValueAsBytes(new Json(records, originKeys, Boolean.TRUE.equals(more) ? true : null,
                    Ranges.toPairs(gone)));
        } catch (IOException e) {
            throw new IllegalStateException("records cannot be written as JSON", e);
        }
    }

    /** @throws IOException if the body is not such a batch */
    static Batch decode(byte[] body) throws IOException {
        Json json;
        try {
            json = JSON.readValue(body, Json.class);
        } catch (RuntimeException e) {
            throw new IOException("not a batch of records: " + e.getMessage(), e);
        }
        if (json == null) {
            throw new IOException("not a batch of records");
        }
        List<SignedRecord> records = json.records() == null ? new ArrayList<>() : new ArrayList<>(json.records());
        records.removeIf(java.util.Objects::isNull);
        // Only the keys of the batch's records' origins: others would be learned, and kept, for nothing.
        java.util.Set<String> origins = new java.util.HashSet<>();
        records.forEach(record -> origins.add(record.origin()));
        Map<String, Ed25519PublicKey> keys = new HashMap<>();
        if (json.originKeys() != null) {
            json.originKeys().forEach((origin, base64) -> {
                if (origins.contains(origin)) {
                    parse(base64).filter(k -> k.fingerprint().equals(origin)).ifPresent(k -> keys.put(origin, k));
                }
            });
        }
        Map<String, List<RecordInventory.Range>> gone = Ranges.fromPairs(json.gone(), MAX_GONE_RANGES);
        return new Batch(records, keys, Boolean.TRUE.equals(json.more()), gone);
    }

    private static Optional<Ed25519PublicKey> parse(String base64) {
        try {
            return Optional.of(Ed25519PublicKey.fromBase64(base64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
