package org.dump.node.internal.consent;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.node.consent.ConsentCourier;
import org.dump.node.consent.ConsentDeliveryException;
import org.dump.node.consent.MessageKind;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers consent messages to other nodes, and never loses one: a message is stored (DUMP_CONSENT_OUTBOX) in the
 * same transaction as the change it tells of, and stays there until the courier has handed it over or the
 * receiver has refused it for good. A node that cannot be reached is tried again after 5 s, then twice as long
 * each time up to the configured maximum (±20%); its other messages wait with it. Messages wait, too, while no
 * courier (federation) is running. One thread does all deliveries, in the order they became due.
 */
@Component(service = ConsentOutbox.class, configurationPid = ConsentOutbox.PID)
@Designate(ocd = ConsentOutbox.Config.class)
public final class ConsentOutbox {

    static final String PID = "org.dump.consent";

    @ObjectClassDefinition(name = "DUMP profile consent",
            description = "How the node delivers profile requests and answers to other nodes.")
    public @interface Config {

        @AttributeDefinition(name = "First retry (seconds)", min = "1",
                description = "Wait before the first retry of a message that could not be delivered.")
        int retryFirstSeconds() default 5;

        @AttributeDefinition(name = "Longest wait between retries (seconds)", min = "1",
                description = "The wait doubles after each failed attempt up to this; messages are kept until "
                        + "delivered, however long that takes.")
        int retryMaxSeconds() default 300;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsentOutbox.class);
    /** Messages taken from the table per round. */
    private static final int ROUND = 50;
    /** Even when nothing is due, look again this often (a courier may have come, a clock may have jumped). */
    private static final long IDLE_MILLIS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactions transactions;
    private final Clock clock;
    private volatile long firstRetryMillis;
    private volatile long maxRetryMillis;
    private final ScheduledExecutorService sender;
    private ScheduledFuture<?> next;
    private volatile ConsentCourier courier;

    @Activate
    public ConsentOutbox(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space,
            Config config) {
        this(new Transactions(factory, space), config.retryFirstSeconds(), config.retryMaxSeconds(), Clock.systemUTC(),
                true);
    }

    /** @param background whether a thread of its own delivers (tests call {@link #deliverDue} themselves) */
    ConsentOutbox(Transactions transactions, int retryFirstSeconds, int retryMaxSeconds, Clock clock,
            boolean background) {
        this.transactions = transactions;
        this.clock = clock;
        retryAfter(retryFirstSeconds, retryMaxSeconds);
        this.sender = background ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dump-consent-outbox");
            thread.setDaemon(true);
            return thread;
        }) : null;
        // What waited while the node was down goes out soon after start.
        schedule(3_000);
    }

    /** New waits apply from the next failure on; nothing restarts (the services built on the outbox stay). */
    @Modified
    void modified(Config config) {
        retryAfter(config.retryFirstSeconds(), config.retryMaxSeconds());
    }

    private void retryAfter(int firstSeconds, int maxSeconds) {
        long first = Math.max(1, firstSeconds) * 1000L;
        maxRetryMillis = Math.max(first, Math.max(1, maxSeconds) * 1000L);
        firstRetryMillis = first;
    }

    @Deactivate
    void stop() {
        if (sender != null) {
            sender.shutdownNow();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindCourier(ConsentCourier newCourier) {
        courier = newCourier;
        wake();
    }

    void unbindCourier(ConsentCourier oldCourier) {
        if (courier == oldCourier) {
            courier = null;
        }
    }

    /** @return the courier, while federation runs */
    ConsentCourier courier() {
        return courier;
    }

    /**
     * Stores a message in the caller's transaction, replacing any not yet delivered in the same conversation. Call
     * {@link #wake} once the transaction is committed.
     *
     * @param subject this node's id of the request the message is about
     */
    void put(EntityManager manager, MessageKind kind, String subject, String destination, byte[] body) {
        long now = clock.millis();
        long revision = RANDOM.nextLong();
        // One UPDATE rather than read, change, write: a message read here and settled by the outbox's thread before
        // this transaction wrote would leave the UPDATE nothing to change, and the new message would be lost
        // (OutboxReplacementRaceTest). The UPDATE locks the row; the settling DELETE is for the old revision only.
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

    /** @return the messages waiting for delivery, due or not, for {@code dump:queues} */
    public long waiting() {
        return transactions.read(manager -> manager.createQuery("SELECT COUNT(o) FROM OutboxEntity o", Long.class)
                .getSingleResult());
    }

    /** Delivers what is due now, on the outbox's thread. */
    void wake() {
        schedule(0);
    }

    private synchronized void schedule(long delayMillis) {
        if (sender == null || sender.isShutdown()) {
            return;
        }
        if (next != null && next.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = sender.schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void round() {
        synchronized (this) {
            next = null;
        }
        long delay = IDLE_MILLIS;
        try {
            int due = deliverDue();
            if (due == ROUND && courier != null) {
                delay = 0;
            } else {
                Long earliest = transactions.read(manager -> manager.createNamedQuery(OutboxEntity.NEXT, Long.class)
                        .getSingleResult());
                if (earliest != null) {
                    delay = Math.min(IDLE_MILLIS, Math.max(0, earliest - clock.millis()));
                }
            }
        } catch (DatabaseUnavailableException unavailable) {
            // The database space said what became of the database, once; this waits like every write.
            LOG.debug("Delivering consent messages waits for the database; trying again in {} s", IDLE_MILLIS / 1000);
        } catch (RuntimeException e) {
            LOG.warn("Delivering consent messages failed; trying again in {} s", IDLE_MILLIS / 1000, e);
        }
        schedule(courier == null ? IDLE_MILLIS : Math.max(delay, 100));
    }

    /**
     * Hands every message that is due to the courier.
     *
     * @return how many messages were due (and tried, if a courier runs)
     */
    int deliverDue() {
        ConsentCourier carrier = courier;
        long now = clock.millis();
        List<OutboxEntity> due = transactions.read(manager -> manager.createNamedQuery(OutboxEntity.DUE,
                OutboxEntity.class).setParameter("now", now).setMaxResults(ROUND).getResultList());
        if (carrier == null) {
            return due.size();
        }
        // A node that failed once in this round is not tried again in it: its other messages wait with the first.
        Map<String, String> unreachable = new HashMap<>();
        for (OutboxEntity entry : due) {
            String failure = unreachable.get(entry.destination());
            if (failure == null) {
                failure = deliver(carrier, entry);
                if (failure != null) {
                    unreachable.put(entry.destination(), failure);
                }
            } else {
                retryLater(entry, failure);
            }
        }
        return due.size();
    }

    /** @return why the destination could not be reached, or null if the message is settled */
    private String deliver(ConsentCourier carrier, OutboxEntity entry) {
        try {
            carrier.deliver(entry.destination(), entry.kind(), entry.body());
            settle(entry, true);
            if (entry.attempts() > 0) {
                LOG.info("Consent message {} reached node {} after {} failed attempt(s)", entry.conversation(),
                        entry.destination(), entry.attempts());
            }
            return null;
        } catch (ConsentDeliveryException e) {
            if (e.permanent()) {
                LOG.warn("Node {} refused consent message {} for good; it is dropped: {}", entry.destination(),
                        entry.conversation(), abbreviate(e.getMessage()));
                settle(entry, false);
                return null;
            }
            retryLater(entry, e.getMessage());
            return e.getMessage();
        } catch (RuntimeException e) {
            retryLater(entry, e.toString());
            return e.toString();
        }
    }

    /** Removes a delivered (or refused) message, unless a newer one replaced it meanwhile. */
    private void settle(OutboxEntity entry, boolean delivered) {
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

    private void retryLater(OutboxEntity entry, String error) {
        int attempts = entry.attempts() + 1;
        long wait = backoff(attempts);
        transactions.write(manager -> manager.createNamedQuery(OutboxEntity.RETRY)
                .setParameter("attempts", attempts).setParameter("next", clock.millis() + wait)
                .setParameter("error", abbreviate(error)).setParameter("conversation", entry.conversation())
                .setParameter("revision", entry.revision()).executeUpdate());
        LOG.info("Consent message {} to node {} not delivered (attempt {}); next attempt in {} s: {}",
                entry.conversation(), entry.destination(), attempts, wait / 1000, abbreviate(error));
    }

    /** @return how long to wait after the {@code attempts}-th failure: doubling, capped, ±20% */
    long backoff(int attempts) {
        long wait = firstRetryMillis << Math.min(attempts - 1, 30);
        wait = Math.min(maxRetryMillis, wait);
        double jitter = 1 + 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1000, (long) (wait * jitter));
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
