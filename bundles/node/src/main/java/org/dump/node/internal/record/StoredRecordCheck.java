package org.dump.node.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.PersistenceException;

import org.dump.api.record.InvalidRecordException;
import org.dump.crypto.Ed25519PublicKey;
import org.dump.node.persistence.Transactions;
import org.dump.node.record.OriginKeyDirectory;
import org.dump.node.record.RecordVerification;
import org.dump.node.record.SignedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Checks what the database holds of a module against the origins' signatures ({@link RecordVerification}): this
 * node's own key for its records, the keys federation knows ({@link OriginKeyDirectory}, while it runs) for those
 * of other origins.
 */
@Component(service = RecordVerification.class)
public final class StoredRecordCheck implements RecordVerification {

    private final Transactions transactions;
    private final OriginTrust trust;
    /** The keys federation knows, if it runs. */
    private volatile OriginKeyDirectory originKeys;

    @Activate
    public StoredRecordCheck(@Reference RecordCore core) {
        this.transactions = core.transactions();
        this.trust = core.trust();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setOriginKeys(OriginKeyDirectory directory) {
        originKeys = directory;
    }

    void unsetOriginKeys(OriginKeyDirectory directory) {
        if (originKeys == directory) {
            originKeys = null;
        }
    }

    /** Records read and checked at once. */
    private static final int PAGE = 1000;

    @Override
    public RecordVerification.Report verify(String module, int keepFailures) {
        Objects.requireNonNull(module, "module");
        List<Failure> failures = new ArrayList<>();
        long checked = 0;
        long failed = 0;
        // Records of other origins against the keys federation knows; without federation, none.
        Function<String, Optional<Ed25519PublicKey>> keys = origin -> trust.keyOf(origin, other -> {
            OriginKeyDirectory directory = originKeys;
            return directory == null ? Optional.empty() : directory.keyOf(other);
        });
        // Origin by origin, a page at a time along the (module, origin, sequence) index: no sort, and no more than
        // a page of records in memory however many the module has. Read by JDBC: what the database holds, never a
        // cached copy of what the node once wrote.
        for (String origin = nextOrigin(module, ""); origin != null; origin = nextOrigin(module, origin)) {
            String of = origin;
            long after = 0;
            while (true) {
                long from = after;
                List<SignedRecord> page = read(connection -> page(connection, module, of, from));
                boolean[] signed = RecordSignatures.check(page, keys);
                for (int i = 0; i < page.size(); i++) {
                    SignedRecord record = page.get(i);
                    checked++;
                    Optional<String> problem = signedContentProblem(record, keys, signed[i]);
                    if (problem.isPresent() && failed++ < keepFailures) {
                        failures.add(new Failure(record.id(), record.origin(), problem.get()));
                    }
                    after = record.sequence();
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        return new RecordVerification.Report(module, checked, failed, failures);
    }

    /** @return the first origin of {@code module}'s records after {@code after}, read from the index, or null */
    private String nextOrigin(String module, String after) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT ORIGIN FROM DUMP_RECORD"
                    + " --DERBY-PROPERTIES index=DUMP_RECORD_SEQ\n WHERE MODULE = ? AND ORIGIN > ? ORDER BY ORIGIN"
                    + " FETCH FIRST 1 ROWS ONLY")) {
                query.setString(1, module);
                query.setString(2, after);
                try (ResultSet found = query.executeQuery()) {
                    return found.next() ? found.getString(1) : null;
                }
            }
        });
    }

    private static List<SignedRecord> page(Connection connection, String module, String origin, long after)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + RecordEntity.COLUMNS
                + " FROM DUMP_RECORD --DERBY-PROPERTIES index=DUMP_RECORD_SEQ\n"
                + " WHERE MODULE = ? AND ORIGIN = ? AND SEQ > ? ORDER BY SEQ FETCH NEXT " + PAGE + " ROWS ONLY")) {
            query.setString(1, module);
            query.setString(2, origin);
            query.setLong(3, after);
            List<SignedRecord> rows = new ArrayList<>();
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    rows.add(RecordEntity.fromRow(found));
                }
            }
            return rows;
        }
    }

    /** Runs {@code work} on the connection of a transaction that writes nothing. */
    private <T> T read(SqlWork<T> work) {
        return transactions.write(manager -> {
            try {
                return work.apply(manager.unwrap(Connection.class));
            } catch (SQLException e) {
                throw new PersistenceException("could not read the records to verify: " + e.getMessage(), e);
            }
        });
    }

    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
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
