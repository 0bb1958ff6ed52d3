package org.dump.node.internal.consent;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;

import javax.persistence.EntityManager;

import org.dump.node.consent.MessageKind;
import org.dump.node.persistence.Transactions;

/**
 * The outbox's table, DUMP_CONSENT_OUTBOX ({@link OutboxEntity}): every change is one statement that names the
 * revision it is about, so that the outbox's thread and a transaction that writes a newer message never undo each
 * other's work (OutboxReplacementRaceTest).
 */
final class OutboxTable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactions transactions;

    OutboxTable(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Stores a message in the caller's transaction, replacing any not yet delivered in the same conversation. */
    void put(EntityManager manager, MessageKind kind, String subject, String destination, byte[] body, long now) {
        long revision = RANDOM.nextLong();
        // One UPDATE rather than read, change, write: a message read here and settled by the outbox's thread before
        // this transaction wrote would leave the UPDATE nothing to change, and the new message would be lost. The
        // UPDATE locks the row; the settling DELETE is for the old revision only.
        int replaced = manager.createNamedQuery(OutboxEntity.REPLACE).setParameter("body", body.clone())
                .setParameter("revision", revision).setParameter("now", now)
                .setParameter("conversation", OutboxEntity.conversation(kind, subject)).executeUpdate();
        if (replaced == 0) {
            OutboxEntity entry = new OutboxEntity(kind, subject, destination, now);
            entry.replace(body, revision, now);
            manager.persist(entry);
        }
    }

    /** Drops, in the caller's transaction, the messages not yet delivered about these requests. */
    void drop(EntityManager manager, MessageKind kind, Collection<String> subjects) {
        if (!subjects.isEmpty()) {
            manager.createNamedQuery(OutboxEntity.DROP).setParameter("conversations",
                    subjects.stream().map(subject -> OutboxEntity.conversation(kind, subject)).toList()).executeUpdate();
        }
    }

    /** @return how many messages wait, due or not */
    long waiting() {
        return transactions.read(manager -> manager.createQuery("SELECT COUNT(o) FROM OutboxEntity o", Long.class)
                .getSingleResult());
    }

    /** @return at most {@code max} messages due at {@code now}, the longest due first */
    List<OutboxEntity> due(long now, int max) {
        return transactions.read(manager -> manager.createNamedQuery(OutboxEntity.DUE, OutboxEntity.class)
                .setParameter("now", now).setMaxResults(max).getResultList());
    }

    /** @return when the next message is due, or null if none waits */
    Long nextDue() {
        return transactions.read(manager -> manager.createNamedQuery(OutboxEntity.NEXT, Long.class)
                .getSingleResult());
    }

    /** Removes a delivered (or refused) message, unless a newer one replaced it meanwhile. */
    void settle(OutboxEntity entry, boolean delivered) {
        transactions.write(manager -> {
            int settled = manager.createNamedQuery(OutboxEntity.SETTLE).setParameter("conversation", entry.conversation())
                    .setParameter("revision", entry.revision()).executeUpdate();
            if (settled > 0 && delivered && entry.kind() == MessageKind.REQUEST) {
                manager.createNamedQuery(OutgoingRequestEntity.DELIVERED).setParameter("id", entry.subject())
                        .executeUpdate();
            }
            return null;
        });
    }

    /** Notes a failed attempt on the message, unless a newer one replaced it meanwhile. */
    void retryAt(OutboxEntity entry, int attempts, long nextMillis, String error) {
        transactions.write(manager -> manager.createNamedQuery(OutboxEntity.RETRY)
                .setParameter("attempts", attempts).setParameter("next", nextMillis)
                .setParameter("error", error).setParameter("conversation", entry.conversation())
                .setParameter("revision", entry.revision()).executeUpdate());
    }
}
