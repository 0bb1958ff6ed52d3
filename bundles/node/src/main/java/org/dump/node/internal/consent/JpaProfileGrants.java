package org.dump.node.internal.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.dump.crypto.Identifiers;
import org.dump.node.account.Account;
import org.dump.node.account.AccountService;
import org.dump.node.account.Avatar;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.consent.ConsentException;
import org.dump.node.consent.IncomingRequest;
import org.dump.node.consent.MessageKind;
import org.dump.node.consent.ProfileGrants;
import org.dump.node.consent.RequestState;
import org.dump.node.internal.account.AccountListener;
import org.dump.node.internal.author.AuthorPseudonyms;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The author's side of profiles by consent, on the node's persistence unit (DUMP_PROFILE_REQUEST_IN). Requests
 * from other nodes name the author by pseudonym; the one whose account matches is stored for that account, one
 * that matches nobody is dropped without a trace (the asking node gets the same answer either way). Every answer,
 * and every later change of a granted profile, is stored in the {@link ConsentOutbox} in the same transaction, for
 * the asking node only. Log lines name requests and nodes, never the author.
 * <p>
 * Changes are serialised (synchronized): an accept that reads the profile and a profile change that follows it
 * cannot cross, so the asking node always ends with the latest profile.
 */
@Component(service = {ProfileGrants.class, JpaProfileGrants.class, AccountListener.class})
public final class JpaProfileGrants implements ProfileGrants, AccountListener {

    private static final Logger LOG = LoggerFactory.getLogger(JpaProfileGrants.class);

    private final Transactions transactions;
    private final ProfileService profiles;
    private final AuthorAccounts authors;
    private final ConsentOutbox outbox;
    private final Clock clock;

    @Activate
    public JpaProfileGrants(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space,
            @Reference ProfileService profiles, @Reference AccountService accounts,
            @Reference AuthorPseudonyms pseudonyms, @Reference ConsentOutbox outbox) {
        this(new Transactions(factory, space), profiles, accounts, pseudonyms, outbox, Clock.systemUTC());
    }

    JpaProfileGrants(Transactions transactions, ProfileService profiles, AccountService accounts,
            AuthorPseudonyms pseudonyms, ConsentOutbox outbox, Clock clock) {
        this.transactions = transactions;
        this.profiles = profiles;
        this.authors = new AuthorAccounts(accounts, pseudonyms);
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Takes a request from {@code fromNode}. A request that arrives again (same asking node, same request id) is
     * stored once; one whose author is no account of this node is not stored at all.
     */
    synchronized void received(String fromNode, ConsentWire.RequestMessage request) {
        if (existing(fromNode, request.requestId()).isPresent()) {
            return;
        }
        Optional<Account> author = authors.find(request.module(), request.author());
        if (author.isEmpty()) {
            LOG.info("A profile request from node {} names no author of this node; nothing is stored", fromNode);
            return;
        }
        IncomingRequestEntity stored = new IncomingRequestEntity(Identifiers.random(), fromNode, request.requestId(),
                author.get().username(), request.asker().username(), request.asker().displayName(), request.module(),
                request.recordId(), clock.instant());
        try {
            transactions.write(manager -> {
                manager.persist(stored);
                return null;
            });
        } catch (PersistenceException e) {
            if (existing(fromNode, request.requestId()).isPresent()) {
                return; // the same request, stored meanwhile through another connection
            }
            throw e;
        }
        LOG.info("Profile request {} received from node {}", stored.id(), fromNode);
    }

    private Optional<IncomingRequestEntity> existing(String fromNode, String remoteId) {
        return transactions.read(manager -> manager.createNamedQuery(IncomingRequestEntity.BY_REMOTE_ID,
                IncomingRequestEntity.class).setParameter("fromNode", fromNode).setParameter("remoteId", remoteId)
                .getResultStream().findFirst());
    }

    @Override
    public List<IncomingRequest> incoming(String username) {
        String name = normalise(username);
        return transactions.read(manager -> manager.createNamedQuery(IncomingRequestEntity.OF_USER,
                IncomingRequestEntity.class).setParameter("username", name).setMaxResults(MAX_LISTED)
                .getResultStream().map(IncomingRequestEntity::toRequest).toList());
    }

    @Override
    public List<IncomingRequest> incomingForAll() {
        return transactions.read(manager -> manager.createNamedQuery(IncomingRequestEntity.ALL,
                IncomingRequestEntity.class).setMaxResults(MAX_LISTED).getResultStream()
                .map(IncomingRequestEntity::toRequest).toList());
    }

    @Override
    public Optional<IncomingRequest> find(String id) {
        if (!ConsentWire.isId(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(transactions.read(manager -> manager.find(IncomingRequestEntity.class, id)))
                .map(IncomingRequestEntity::toRequest);
    }

    @Override
    public synchronized IncomingRequest accept(String username, String id) {
        String name = normalise(username);
        Profile profile = profiles.get(name);
        Avatar avatar = profiles.avatar(name).orElse(null);
        return answer(name, id, RequestState.PENDING, RequestState.GRANTED,
                (request, version) -> ConsentWire.grant(request.remoteId(), version, profile, avatar));
    }

    @Override
    public synchronized IncomingRequest refuse(String username, String id) {
        return answer(normalise(username), id, RequestState.PENDING, RequestState.REFUSED,
                (request, version) -> ConsentWire.refusal(request.remoteId(), version));
    }

    @Override
    public synchronized IncomingRequest revoke(String username, String id) {
        return answer(normalise(username), id, RequestState.GRANTED, RequestState.REVOKED,
                (request, version) -> ConsentWire.revocation(request.remoteId(), version));
    }

    /** Moves a request of {@code username} from {@code from} to {@code to} and queues the answer that says so. */
    private IncomingRequest answer(String username, String id, RequestState from, RequestState to,
            BiFunction<IncomingRequestEntity, Long, byte[]> message) {
        Instant now = clock.instant();
        IncomingRequestEntity answered = transactions.write(manager -> {
            IncomingRequestEntity request = ConsentWire.isId(id) ? manager.find(IncomingRequestEntity.class, id) : null;
            if (request == null || !request.username().equals(username)) {
                throw new ConsentException(ConsentException.Reason.NOT_FOUND, "you have no profile request " + id);
            }
            if (request.state() != from) {
                throw new ConsentException(ConsentException.Reason.CONFLICT, "profile request " + id + " is "
                        + request.state().label() + ": only a " + from.label() + " one can be " + to.label());
            }
            long version = request.answer(to, now);
            outbox.put(manager, MessageKind.ANSWER, request.id(), request.fromNode(), message.apply(request, version));
            return request;
        });
        outbox.wake();
        LOG.info("Profile request {} {}; the answer goes to node {}", id, to.label(), answered.fromNode());
        return answered.toRequest();
    }

    /** Every node that holds a grant of {@code username}'s profile gets the changed one. */
    @Override
    public synchronized void profileChanged(String username) {
        String name = normalise(username);
        Profile profile;
        Avatar avatar;
        try {
            profile = profiles.get(name);
            avatar = profiles.avatar(name).orElse(null);
        } catch (UnknownAccountException gone) {
            return;
        }
        int sent = transactions.write(manager -> {
            List<IncomingRequestEntity> granted = manager.createNamedQuery(IncomingRequestEntity.IN_STATE_OF_USER,
                    IncomingRequestEntity.class).setParameter("username", name)
                    .setParameter("states", List.of(RequestState.GRANTED)).getResultList();
            for (IncomingRequestEntity request : granted) {
                outbox.put(manager, MessageKind.ANSWER, request.id(), request.fromNode(),
                        ConsentWire.grant(request.remoteId(), request.nextVersion(), profile, avatar));
            }
            return granted.size();
        });
        if (sent > 0) {
            outbox.wake();
            LOG.info("A changed profile goes to the holders of {} grant(s)", sent);
        }
    }

    /**
     * The account is gone: pending requests are refused, grants revoked (the asking nodes delete their copies),
     * and its requests are deleted here, so that a new account with the same name inherits none of them.
     */
    @Override
    public synchronized void accountRemoved(String username) {
        String name = normalise(username);
        Instant now = clock.instant();
        int ended = transactions.write(manager -> {
            List<IncomingRequestEntity> requests = manager.createNamedQuery(IncomingRequestEntity.OF_USER,
                    IncomingRequestEntity.class).setParameter("username", name).getResultList();
            for (IncomingRequestEntity request : requests) {
                RequestState state = request.state();
                if (state == RequestState.PENDING) {
                    outbox.put(manager, MessageKind.ANSWER, request.id(), request.fromNode(),
                            ConsentWire.refusal(request.remoteId(), request.answer(RequestState.REFUSED, now)));
                } else if (state == RequestState.GRANTED) {
                    outbox.put(manager, MessageKind.ANSWER, request.id(), request.fromNode(),
                            ConsentWire.revocation(request.remoteId(), request.answer(RequestState.REVOKED, now)));
                }
                manager.remove(request);
            }
            return requests.size();
        });
        if (ended > 0) {
            outbox.wake();
            LOG.info("{} profile request(s) of a removed account refused or revoked, and deleted", ended);
        }
    }

    private static String normalise(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
