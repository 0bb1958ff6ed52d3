package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.dump.federation.Mutuality;
import org.dump.federation.Peer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each peer takes this node as its peer, from what it answers: hellos, and the signed requests of pushes,
 * anti-entropy and peer exchange (a 401 or 403 means it does not). A peer that does not, or whose administrator has
 * yet to approve this node, is sent nothing but a hello now and then: after {@code refusalRetryFirstSeconds}, then
 * twice as long each time up to {@code refusalRetryMaxSeconds}, each wait ±20% at random, so that a refusing peer
 * costs a request every few minutes instead of two a second. Each change of a peer's standing is one log line and
 * is noted in the peer directory; repeated answers that change nothing are neither.
 */
@Component(service = PeerStanding.class, configurationPid = JpaPeerDirectory.PID)
public final class PeerStanding {

    /** The settings of {@link FederationConfig} read here. */
    public @interface Config {
        int refusalRetryFirstSeconds() default 10;

        int refusalRetryMaxSeconds() default 300;
    }

    /**
     * A change of a peer's standing.
     *
     * @param news the log line that tells of it, or null for a change not worth one (a note, a first answer)
     */
    record Change(String nodeId, Mutuality mutuality, String note, String news) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerStanding.class);

    /** One peer's standing. Guarded by the PeerStanding. */
    private static final class Standing {
        Mutuality mutuality = Mutuality.UNKNOWN;
        String note;
        /** Answers in a row that were not "taken": the next wait grows with them. */
        int failures;
        /** When (nanos) the next hello is due; meaningful while helloDue. */
        long retryAt;
        boolean helloDue;
    }

    private final Map<String, Standing> byPeer = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final DoubleSupplier random;
    private final Consumer<Change> changes;
    private volatile long firstNanos;
    private volatile long maxNanos;
    /** The peers as stored, read on first use rather than at activation, which runs on the node's start path. */
    private final Supplier<List<Peer>> stored;
    private volatile boolean seeded;

    @Activate
    public PeerStanding(@Reference JpaPeerDirectory directory, Config config) {
        this(config.refusalRetryFirstSeconds(), config.refusalRetryMaxSeconds(), System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble(), change -> {
                    if (change.news() != null) {
                        LOG.info(change.news());
                    }
                    directory.mutuality(change.nodeId(), change.mutuality(), change.note());
                }, directory::list);
    }

    PeerStanding(int firstSeconds, int maxSeconds, LongSupplier nanos, DoubleSupplier random,
            Consumer<Change> changes, Supplier<List<Peer>> stored) {
        this.nanos = nanos;
        this.random = random;
        this.changes = changes;
        this.stored = stored;
        retries(firstSeconds, maxSeconds);
    }

    /** Peers not known to take this node are asked at once; the others as soon as they refuse something. */
    private void seedOnce() {
        if (!seeded) {
            synchronized (this) {
                if (!seeded) {
                    stored.get().forEach(this::seed);
                    seeded = true;
                }
            }
        }
    }

    @Modified
    void modified(Config config) {
        retries(config.refusalRetryFirstSeconds(), config.refusalRetryMaxSeconds());
    }

    private void retries(int firstSeconds, int maxSeconds) {
        firstNanos = Math.max(1, firstSeconds) * 1_000_000_000L;
        maxNanos = Math.max(firstNanos, Math.max(1, maxSeconds) * 1_000_000_000L);
    }

    /** Takes up a peer as stored: one not known to take this node gets a hello soon. */
    synchronized void seed(Peer peer) {
        Standing standing = byPeer.computeIfAbsent(peer.nodeId(), id -> new Standing());
        standing.mutuality = peer.mutuality();
        standing.note = peer.mutualityNote();
        standing.helloDue = peer.mutuality() != Mutuality.MUTUAL;
        standing.retryAt = nanos.getAsLong();
    }

    /** @return whether to send {@code nodeId} pushes and requests: unless it is known not to take this node */
    boolean mayContact(String nodeId) {
        seedOnce();
        Standing standing = byPeer.get(nodeId);
        if (standing == null) {
            return true;
        }
        synchronized (this) {
            return standing.mutuality == Mutuality.MUTUAL || standing.mutuality == Mutuality.UNKNOWN;
        }
    }

    /** @return the peers whose hello is due now */
    synchronized List<String> helloDue() {
        seedOnce();
        long now = nanos.getAsLong();
        List<String> due = new ArrayList<>();
        byPeer.forEach((id, standing) -> {
            if (standing.helloDue && now - standing.retryAt >= 0) {
                due.add(id);
            }
        });
        return due;
    }

    /** A signed request of this node was accepted by {@code nodeId}: it takes this node as its peer. */
    void accepted(String nodeId) {
        synchronized (this) {
            Standing known = byPeer.get(nodeId);
            if (known != null && known.mutuality == Mutuality.MUTUAL && known.failures == 0 && !known.helloDue) {
                return; // the common case, every push: nothing to change
            }
        }
        emit(takes(nodeId, true));
    }

    /** {@code nodeId}, already a peer, said hello to this node: it takes this node as its peer, now. */
    void welcomed(String nodeId) {
        emit(takes(nodeId, true));
    }

    /** {@code nodeId} refused a signed request of this node (HTTP 401 or 403) with {@code why}. */
    void refused(String nodeId, String why) {
        Change change;
        synchronized (this) {
            Standing standing = standing(nodeId);
            if (standing.mutuality != Mutuality.MUTUAL && standing.mutuality != Mutuality.UNKNOWN
                    && standing.helloDue) {
                return; // requests that were under way when it first refused, or asked: the wait stands
            }
            change = become(nodeId, standing, Mutuality.ONE_SIDED, why);
        }
        emit(change);
    }

    /** Notes the answer {@code nodeId} gave to this node's hello. */
    void answered(String nodeId, HelloOutcome outcome) {
        Change change;
        synchronized (this) {
            Standing standing = standing(nodeId);
            if (outcome.kind() == HelloOutcome.Kind.TAKEN || outcome.kind() == HelloOutcome.Kind.ALREADY) {
                change = takes(nodeId, false);
            } else if (outcome.kind() != HelloOutcome.Kind.UNANSWERED) {
                change = become(nodeId, standing, outcome.mutuality(), outcome.message());
            } else if (standing.mutuality != Mutuality.MUTUAL) {
                change = become(nodeId, standing, standing.mutuality, "could not be asked whether it takes this node "
                        + "as its peer: " + outcome.message());
            } else {
                change = null; // it took this node before and says nothing new: it stays so
            }
        }
        emit(change);
    }

    /** Forgets a peer that is no peer any more. */
    void forget(String nodeId) {
        seedOnce();
        byPeer.remove(nodeId);
    }

    /** @return what is known of whether {@code nodeId} takes this node as its peer */
    Mutuality of(String nodeId) {
        seedOnce();
        Standing standing = byPeer.get(nodeId);
        synchronized (this) {
            return standing == null ? Mutuality.UNKNOWN : standing.mutuality;
        }
    }

    /**
     * @param confirmed whether a signed request went through (not just a hello's word): only that ends the growing
     *                  waits, so that a peer whose hello says yes but whose endpoints refuse is not asked faster
     */
    private synchronized Change takes(String nodeId, boolean confirmed) {
        Standing standing = standing(nodeId);
        Mutuality before = standing.mutuality;
        String noteBefore = standing.note;
        standing.mutuality = Mutuality.MUTUAL;
        standing.note = null;
        standing.helloDue = false;
        if (confirmed) {
            standing.failures = 0;
        }
        if (before == Mutuality.MUTUAL && noteBefore == null) {
            return null;
        }
        String news = before == Mutuality.PENDING || before == Mutuality.ONE_SIDED
                ? "Peer " + nodeId + " takes this node as its peer again: records flow to it" : null;
        return new Change(nodeId, Mutuality.MUTUAL, null, news);
    }

    /** Moves a peer to {@code mutuality} and schedules its next hello, a longer wait each time. */
    private Change become(String nodeId, Standing standing, Mutuality mutuality, String note) {
        Mutuality before = standing.mutuality;
        boolean wasAsking = standing.helloDue && standing.failures > 0;
        String noteBefore = standing.note;
        long wait = wait(++standing.failures);
        standing.mutuality = mutuality;
        standing.note = note;
        standing.helloDue = true;
        standing.retryAt = nanos.getAsLong() + wait;
        String news = null;
        String seconds = wait / 1_000_000_000L + " s";
        if (before != mutuality || !wasAsking && mutuality == Mutuality.UNKNOWN) {
            news = switch (mutuality) {
                case ONE_SIDED -> "Peer " + nodeId + " does not take this node as its peer (" + note + "): backing "
                        + "off; nothing is sent to it, and it is asked again in " + seconds
                        + ", then less and less often";
                case PENDING -> "Peer " + nodeId + " keeps this node's request for its administrator's approval: "
                        + "asking again in " + seconds + ", then less and less often";
                case UNKNOWN -> "Peer " + nodeId + " " + note + "; asking again in " + seconds;
                case MUTUAL -> null;
            };
        }
        return before == mutuality && Objects.equals(noteBefore, note) && news == null ? null
                : new Change(nodeId, mutuality, note, news);
    }

    /** @return the wait before the next hello after {@code failures} answers in a row that were not "taken" */
    private long wait(int failures) {
        long wait = firstNanos;
        for (int i = 1; i < failures && wait < maxNanos; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, maxNanos);
        return (long) (wait * (0.8 + 0.4 * random.getAsDouble()));
    }

    private Standing standing(String nodeId) {
        seedOnce();
        return byPeer.computeIfAbsent(nodeId, id -> new Standing());
    }

    private void emit(Change change) {
        if (change != null) {
            changes.accept(change);
        }
    }
}
