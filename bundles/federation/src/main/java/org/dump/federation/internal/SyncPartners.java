package org.dump.federation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Whom anti-entropy catches up with next for a module: one peer per round, so that a node's idle cost stays the same
 * however many peers it has. The peer is picked at random, each with the weight {@code since + interval}, where
 * {@code since} is the time since it was last synced for the module. The longest unsynced peer is thus the likeliest,
 * and the weight of a peer left out keeps growing until it is picked, so none starves.
 * <p>
 * Two kinds of peer have no such time. One never synced (or not since it became a candidate) counts as left out
 * longest: {@code since} is the largest among the others, and at least {@code cap}, the interval times the number of
 * candidates. One whose last catch-up failed keeps its {@code since}, but at most {@code cap}: it stays among the
 * likeliest, yet a peer that has not answered for a day does not take nearly every round from those that answer.
 * <p>
 * It remembers per module and peer when a catch-up last ran to its end, and forgets a peer once it is no longer a
 * candidate for that module (removed, no longer running it, backed off). A plain class without HTTP or storage, so
 * that the network simulator runs it too: time is passed in, and the random generator may be seeded. Thread-safe.
 */
public final class SyncPartners {

    /** A year: longer times weigh no more, so that the weights of thousands of peers add up without overflow. */
    private static final long YEAR_SECONDS = 366L * 24 * 3600;

    /** The most peers a round tries for a module: one, and two more if they do not answer. */
    public static final int TRIES = 3;

    private final long intervalMillis;
    private final RandomGenerator random;
    /** Per module, per peer: when a catch-up with it last ran to its end, and whether the last one since failed. */
    private final Map<String, Map<String, Partner>> partners = new HashMap<>();

    /** @param synced null if never */
    private record Partner(Instant synced, boolean failing) {
    }

    /**
     * @param interval the time between two rounds
     * @param random   where the picks come from; seeded, the same calls make the same picks
     */
    public SyncPartners(Duration interval, RandomGenerator random) {
        this.intervalMillis = Math.max(1, Math.min(interval.toMillis(), YEAR_SECONDS * 1000));
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Picks the peer to catch up with for {@code module}, and forgets the peers that are no longer candidates.
     *
     * @param candidates the ids of the peers that run the module and may be contacted (their order does not matter)
     * @return one of them, or empty if there are none
     */
    public synchronized Optional<String> pick(String module, Collection<String> candidates, Instant now) {
        List<String> ids = candidates.stream().distinct().sorted().toList();
        Map<String, Partner> ofModule = partners.computeIfAbsent(module, m -> new HashMap<>());
        ofModule.keySet().retainAll(Set.copyOf(ids));
        if (ids.isEmpty()) {
            partners.remove(module);
            return Optional.empty();
        }
        return Optional.of(ids.get(draw(weights(ofModule, ids, now))));
    }

    /** As {@link #pick}, among {@code left} only, forgetting nobody: the others are still candidates this round. */
    private synchronized Optional<String> pickAmong(String module, List<String> left, Instant now) {
        List<String> ids = left.stream().distinct().sorted().toList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ids.get(draw(weights(partners.computeIfAbsent(module, m -> new HashMap<>()), ids, now))));
    }

    /**
     * One round for {@code module}: catches up with a peer picked as {@link #pick} does; if it does not answer, with
     * another among those left, up to {@link #TRIES} peers. A node back from being offline, or whose peers come and
     * go, finds one that answers in this round instead of the next. Each outcome is noted.
     *
     * @param catchUp a catch-up with a peer, by id: whether it ran to its end
     * @return the peer caught up with, or empty if none answered or there was none
     */
    public Optional<String> round(String module, Collection<String> candidates, Instant now,
            Predicate<String> catchUp) {
        List<String> left = new ArrayList<>(candidates);
        for (int tried = 0; tried < TRIES; tried++) {
            Optional<String> peer = tried == 0 ? pick(module, left, now) : pickAmong(module, left, now);
            if (peer.isEmpty()) {
                return peer;
            }
            if (catchUp.test(peer.get())) {
                synced(module, peer.get(), now);
                return peer;
            }
            failed(module, peer.get());
            left.remove(peer.get());
        }
        return Optional.empty();
    }

    /** @return the weight of each of {@code ids}, in milliseconds */
    private long[] weights(Map<String, Partner> ofModule, List<String> ids, Instant now) {
        long cap = Math.min(intervalMillis * ids.size(), YEAR_SECONDS * 1000);
        long[] since = new long[ids.size()];
        long longest = cap;
        for (int i = 0; i < since.length; i++) {
            Partner partner = ofModule.get(ids.get(i));
            since[i] = partner == null || partner.synced() == null ? -1 : millisBetween(partner.synced(), now);
            if (partner != null && partner.failing()) {
                since[i] = since[i] < 0 ? cap : Math.min(since[i], cap);
            }
            longest = Math.max(longest, since[i]);
        }
        long[] weights = new long[ids.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (since[i] < 0 ? longest : since[i]) + intervalMillis;
        }
        return weights;
    }

    /** @return the index of a weight drawn at random, each as likely as it is heavy */
    private int draw(long[] weights) {
        long total = 0;
        for (long weight : weights) {
            total += weight;
        }
        long ticket = random.nextLong(total);
        for (int i = 0; i < weights.length; i++) {
            ticket -= weights[i];
            if (ticket < 0) {
                return i;
            }
        }
        throw new IllegalStateException("the ticket lies beyond the weights");
    }

    /** @return milliseconds from {@code from} to {@code to}, 0 if {@code to} is earlier, saturated at a year */
    private static long millisBetween(Instant from, Instant to) {
        long seconds = Math.min(Math.max(0, to.getEpochSecond() - from.getEpochSecond()), YEAR_SECONDS);
        return Math.max(0, seconds * 1000 + (to.getNano() - from.getNano()) / 1_000_000);
    }

    /** Notes that a catch-up with {@code peer} for {@code module} ran to its end at {@code at}. */
    public synchronized void synced(String module, String peer, Instant at) {
        partners.computeIfAbsent(module, m -> new HashMap<>()).put(peer, new Partner(at, false));
    }

    /** Notes that a catch-up with {@code peer} for {@code module} failed: it still counts as synced when it last was. */
    public synchronized void failed(String module, String peer) {
        partners.computeIfAbsent(module, m -> new HashMap<>())
                .compute(peer, (id, partner) -> new Partner(partner == null ? null : partner.synced(), true));
    }

    /** Forgets what it knows of modules other than {@code running}: modules this node no longer runs. */
    synchronized void keepModules(Collection<String> running) {
        partners.keySet().retainAll(Set.copyOf(running));
    }

    /** @return when a catch-up with {@code peer} for {@code module} last ran to its end, as far as remembered */
    public synchronized Optional<Instant> lastSynced(String module, String peer) {
        return Optional.ofNullable(partners.getOrDefault(module, Map.of()).get(peer)).map(Partner::synced);
    }
}
