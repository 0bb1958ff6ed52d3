package org.dump.node.internal.record;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.crypto.SignatureBatch;
import org.dump.node.record.SignedRecord;

/**
 * Checks the signatures of many records at once, the heaviest part of taking in records from peers: records are
 * grouped by origin, and each origin's share is checked as one {@link SignatureBatch} (a quarter of the cost of one
 * check per record), split in as many parts as there are cores. A part whose batch fails is checked again record by
 * record, so a forged record costs its part a second pass and is refused alone; the others are kept.
 */
final class RecordSignatures {

    /** Fewer records than this are checked one by one: a batch costs two scalar multiplications more. */
    private static final int SMALLEST_BATCH = 16;

    private RecordSignatures() {
    }

    /**
     * @param keys the key of each origin, if this node knows it
     * @return per record of {@code records}, whether it carries its origin's signature over exactly its content
     */
    static boolean[] check(List<SignedRecord> records, Function<String, Optional<Ed25519PublicKey>> keys) {
        boolean[] valid = new boolean[records.size()];
        Map<String, List<Integer>> byOrigin = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            byOrigin.computeIfAbsent(records.get(i).origin(), origin -> new ArrayList<>()).add(i);
        }
        List<Part> parts = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        byOrigin.forEach((origin, indexes) -> keys.apply(origin)
                // A key counts for the origin whose id is its fingerprint only (SignedRecord#verify asks the same).
                .filter(key -> key.fingerprint().equals(origin))
                .ifPresent(key -> {
                    int count = Math.max(1, Math.min(cores, indexes.size() / SMALLEST_BATCH));
                    int size = (indexes.size() + count - 1) / count;
                    for (int from = 0; from < indexes.size(); from += size) {
                        parts.add(new Part(key, indexes.subList(from, Math.min(indexes.size(), from + size))));
                    }
                }));
        parts.parallelStream().forEach(part -> part.check(records, valid));
        return valid;
    }

    /** Records of one origin, by their index in the list being checked. */
    private record Part(Ed25519PublicKey key, List<Integer> indexes) {

        /** Sets {@code valid[i]} for each index of this part; parts write distinct indexes, so they run at once. */
        void check(List<SignedRecord> records, boolean[] valid) {
            if (indexes.size() < SMALLEST_BATCH) {
                indexes.forEach(i -> valid[i] = records.get(i).verify(key));
                return;
            }
            SignatureBatch batch = new SignatureBatch();
            List<Integer> batched = new ArrayList<>(indexes.size());
            for (int i : indexes) {
                byte[] signature = decoded(records.get(i).signature());
                // A signature that is not even 64 bytes is refused here; the batch is for the well-formed ones.
                if (signature != null) {
                    batch.add(key, records.get(i).signedBytes(), signature);
                    batched.add(i);
                }
            }
            if (batch.allValid()) {
                batched.forEach(i -> valid[i] = true);
            } else {
                batched.forEach(i -> valid[i] = records.get(i).verify(key));
            }
        }

        private static byte[] decoded(String signature) {
            if (signature == null) {
                return null;
            }
            try {
                byte[] raw = Base64.getDecoder().decode(signature);
                return raw.length == Ed25519PublicKey.SIGNATURE_LENGTH ? raw : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
