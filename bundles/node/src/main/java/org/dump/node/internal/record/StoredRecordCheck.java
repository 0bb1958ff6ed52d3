package org.dump.node.internal.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.persistence.CacheRetrieveMode;

import org.dump.api.record.InvalidRecordException;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.OriginKeyDirectory;
import org.dump.node.record.RecordVerification;
import org.dump.node.record.SignedRecord;

/** Checks what the database holds of a module against the origins' signatures ({@link RecordVerification}). */
final class StoredRecordCheck implements RecordVerification {

    private final Transactions transactions;
    private final OriginTrust trust;
    /** The keys federation knows, if it runs. */
    private final Supplier<OriginKeyDirectory> originKeys;

    StoredRecordCheck(Transactions transactions, OriginTrust trust, Supplier<OriginKeyDirectory> originKeys) {
        this.transactions = transactions;
        this.trust = trust;
        this.originKeys = originKeys;
    }

    @Override
    public RecordVerification.Report verify(String module) {
        Objects.requireNonNull(module, "module");
        List<Failure> failures = new ArrayList<>();
        long[] checked = {0};
        int pageSize = 1000;
        String after = "";
        while (true) {
            String from = after;
            List<RecordEntity> page = transactions.read(manager -> manager.createQuery(
                            "SELECT r FROM RecordEntity r WHERE r.module = :module AND r.id > :after ORDER BY r.id",
                            RecordEntity.class)
                    // Check what the database holds, never a cached copy of what the node once wrote.
                    .setHint("javax.persistence.cache.retrieveMode", CacheRetrieveMode.BYPASS)
                    .setParameter("module", module).setParameter("after", from).setMaxResults(pageSize)
                    .getResultList());
            List<SignedRecord> records = page.stream().map(RecordEntity::toSigned).toList();
            // Records of other origins against the keys federation knows; without federation, none.
            Function<String, Optional<Ed25519PublicKey>> keys = origin -> trust.keyOf(origin, other -> {
                OriginKeyDirectory directory = originKeys.get();
                return directory == null ? Optional.empty() : directory.keyOf(other);
            });
            boolean[] signed = RecordSignatures.check(records, keys);
            for (int i = 0; i < records.size(); i++) {
                SignedRecord record = records.get(i);
                checked[0]++;
                signedContentProblem(record, keys, signed[i])
                        .ifPresent(reason -> failures.add(new Failure(record.id(), record.origin(), reason)));
                after = record.id();
            }
            if (page.size() < pageSize) {
                return new RecordVerification.Report(module, checked[0], failures);
            }
        }
    }

    /**
     * @param keys   the key of each origin
     * @param signed whether {@link RecordSignatures} found the record's signature valid
     * @return why {@code record} does not verify against its origin's key or holds no JSON object, or empty if it
     *         is sound
     */
    private static Optional<String> signedContentProblem(SignedRecord record,
            Function<String, Optional<Ed25519PublicKey>> keys, boolean signed) {
        Optional<String> problem = OriginTrust.signatureProblem(record, keys, signed);
        if (problem.isPresent() || record.deleted()) {
            return problem;
        }
        try {
            PayloadJson.read(record.payload());
            return Optional.empty();
        } catch (InvalidRecordException e) {
            return Optional.of(e.getMessage());
        }
    }
}
