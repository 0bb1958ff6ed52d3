package org.dump.node.internal.consent;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
import org.osgi.service.metatype.annotations.Designate;
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
@Designate(ocd = OutboxConfig.class)
public final class ConsentOutbox {

    static final String PID = "org.dump.consent";

    private static final Logger LOG = LoggerFactory.getLogger(ConsentOutbox.class);
    /** Messages taken from the table per round. */
    private static final int ROUND = 50;
    /** Even when nothing is due, look again this often (a courier may have come, a clock may have jumped). */
    private static final long IDLE_MILLIS = 60_000;

    private final OutboxTable table;
    private final Clock clock;
    private volatile RetryWaits waits;
    private final ScheduledExecutorService sender;
    private ScheduledFuture<?> next;
    private volatile ConsentCourier courier;

    @Activate
    public ConsentOutbox(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space,
            OutboxConfig config) {
        this(new Transactions(factory, space), config.retryFirstSeconds(), config.retryMaxSeconds(), Clock.systemUTC(),
                true);
    }

    /** @param background whether a thread of its own delivers (tests call {@link #deliverDue} themselves) */
    ConsentOutbox(Transactions transactions, int retryFirstSeconds, int retryMaxSeconds, Clock clock,
            boolean background) {
        this.table = new OutboxTable(transactions);
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
    void modified(OutboxConfig config) {
        retryAfter(config.retryFirstSeconds(), config.retryMaxSeconds());
    }

    private void retryAfter(int firstSeconds, int maxSeconds) {
        waits = RetryWaits.of(firstSeconds, maxSeconds);
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
        table.put(manager, kind, subject, destination, body, clock.millis());
    }

    /** Drops, in the caller's transaction, the messages not yet delivered about these requests. */
    void drop(EntityManager manager, MessageKind kind, Collection<String> subjects) {
        table.drop(manager, kind, subjects);
    }

    /** @return the messages waiting for delivery, due or not, for {@code dump:queues} */
    public long waiting() {
        return table.waiting();
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
                Long earliest = table.nextDue();
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
        List<OutboxEntity> due = table.due(now, ROUND);
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
            table.settle(entry, true);
            if (entry.attempts() > 0) {
                LOG.info("Consent message {} reached node {} after {} failed attempt(s)", entry.conversation(),
                        entry.destination(), entry.attempts());
            }
            return null;
        } catch (ConsentDeliveryException e) {
            if (e.permanent()) {
                LOG.warn("Node {} refused consent message {} for good; it is dropped: {}", entry.destination(),
                        entry.conversation(), abbreviate(e.getMessage()));
                table.settle(entry, false);
                return null;
            }
            retryLater(entry, e.getMessage());
            return e.getMessage();
        } catch (RuntimeException e) {
            retryLater(entry, e.toString());
            return e.toString();
        }
    }

    private void retryLater(OutboxEntity entry, String error) {
        int attempts = entry.attempts() + 1;
        long wait = backoff(attempts);
        table.retryAt(entry, attempts, clock.millis() + wait, abbreviate(error));
        LOG.info("Consent message {} to node {} not delivered (attempt {}); next attempt in {} s: {}",
                entry.conversation(), entry.destination(), attempts, wait / 1000, abbreviate(error));
    }

    /** @return how long to wait after the {@code attempts}-th failure: doubling, capped, ±20% */
    long backoff(int attempts) {
        return waits.after(attempts);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
