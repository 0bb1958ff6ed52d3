package org.dump.node.internal.consent;

import java.util.List;
import java.util.Optional;

import org.dump.node.persistence.Transactions;

/**
 * Who wrote a record this node holds, as the record says it: its origin node and the author's pseudonym. Reads
 * those two columns of the record store's entity (same persistence unit) rather than the whole signed record.
 */
final class RecordAuthors {

    /**
     * @param origin the id of the node that wrote the record, the author's home node
     * @param author the author's pseudonym in the record's module, or null if a module wrote it on its own
     */
    record Authorship(String origin, String author) {
    }

    private final Transactions transactions;

    RecordAuthors(Transactions transactions) {
        this.transactions = transactions;
    }

    /** @return who wrote live record {@code recordId} of {@code module}, or empty if this node holds no such record */
    Optional<Authorship> of(String module, String recordId) {
        List<Object[]> rows = transactions.read(manager -> manager.createQuery("SELECT r.origin, r.author"
                + " FROM RecordEntity r WHERE r.id = :id AND r.module = :module AND r.deleted = FALSE", Object[].class)
                .setParameter("id", recordId).setParameter("module", module).getResultList());
        return rows.stream().findFirst().map(row -> new Authorship((String) row[0], (String) row[1]));
    }
}
