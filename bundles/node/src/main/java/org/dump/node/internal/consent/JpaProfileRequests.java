package org.dump.node.internal.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.api.module.ModuleNamespace;
import org.dump.crypto.Identifiers;
import org.dump.node.account.Avatar;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;
import org.dump.node.consent.ConsentCourier;
import org.dump.node.consent.ConsentException;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.GrantedProfile;
import org.dump.node.consent.MessageKind;
import org.dump.node.consent.OutgoingRequest;
import org.dump.node.consent.ProfileGrants;
import org.dump.node.consent.ProfileRequests;
import org.dump.node.consent.RequestState;
import org.dump.node.identity.NodeIdentity;
import org.dump.node.internal.account.AccountListener;
import org.dump.node.internal.account.AvatarCheck;
import org.dump.api.record.ModuleRecord;
import org.dump.node.internal.record.ModuleRecords;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asking side of profiles by consent, on the node's persistence unit: requests of this node's users
 * (DUMP_PROFILE_REQUEST_OUT) and the profiles granted to them (DUMP_GRANTED_PROFILE, DUMP_GRANTED_AVATAR). A
 * request goes to the record's origin through the {@link ConsentOutbox}; answers come back through
 * {@link ConsentReception}. A granted profile is for the asking user only: every read names that user.
 */
@Component(service = {ProfileRequests.class, JpaProfileRequests.class, AccountListener.class})
public final class JpaProfileRequests implements ProfileRequests, AccountListener {

    private static final Logger LOG = LoggerFactory.getLogger(JpaProfileRequests.class);
    private static final Pattern MODULE = Pattern.compile(ModuleNamespace.ID_PATTERN);
    private static final Pattern RECORD_ID = Pattern.compile("[a-z2-7]{26}");
    /** Granted avatars are checked like this node's own; the pixel limit is the profiles' default. */
    private static final int MAX_AVATAR_PIXELS = 4096;

    private final Transactions transactions;
    private final NodeIdentity identity;
    private final ProfileService profiles;
    private final ConsentOutbox outbox;
    private final ModuleRecords records;
    private final Clock clock;

    @Activate
    public JpaProfileRequests(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory factory,
            @Reference DatabaseSpace space,
            @Reference NodeIdentity identity, @Reference ProfileService profiles, @Reference ConsentOutbox outbox,
            @Reference ModuleRecords records) {
        this(new Transactions(factory, space), identity, profiles, outbox, records, Clock.systemUTC());
    }

    JpaProfileRequests(Transactions transactions, NodeIdentity identity, ProfileService profiles, ConsentOutbox outbox,
            ModuleRecords records, Clock clock) {
        this.transactions = transactions;
        this.identity = identity;
        this.profiles = profiles;
        this.outbox = outbox;
        this.records = records;
        this.clock = clock;
    }

    @Override
    public synchronized Asked ask(String username, String module, String recordId) {
        if (module == null || !MODULE.matcher(module).matches()) {
            throw new InvalidInputException("module", "module is required and must be a module id");
        }
        if (recordId == null || !RECORD_ID.matcher(recordId).matches()) {
            throw new InvalidInputException("recordId", "recordId is required and must be a record id");
        }
        Profile asker = profiles.get(username);
        ModuleRecord authorship = records.get(module, recordId).orElseThrow(() -> new ConsentException(
                ConsentException.Reason.NOT_FOUND, "this node holds no record " + recordId + " of module " + module));
        String author = authorship.author() == null ? null : authorship.author().value();
        if (author == null) {
            throw new ConsentException(ConsentException.Reason.CONFLICT, "record " + recordId
                    + " has no author: the module wrote it on its own");
        }
        if (authorship.origin().equals(identity.id())) {
            throw new ConsentException(ConsentException.Reason.CONFLICT, "record " + recordId + " was written on "
                    + "this node: profile requests go to the users of other nodes");
        }
        ConsentCourier courier = outbox.courier();
        if (courier == null || !courier.reaches(authorship.origin())) {
            throw new ConsentException(ConsentException.Reason.CONFLICT, "record " + recordId + " comes from node "
                    + authorship.origin() + ", which is not a peer of this node: profile requests go to peers only");
        }
        Asked asked = transactions.write(manager -> {
            List<OutgoingRequestEntity> open = manager.createNamedQuery(OutgoingRequestEntity.OPEN,
                    OutgoingRequestEntity.class).setParameter("username", asker.username())
                    .setParameter("homeNode", authorship.origin()).setParameter("module", module)
                    .setParameter("author", author)
                    .setParameter("states", List.of(RequestState.PENDING, RequestState.GRANTED)).getResultList();
            if (!open.isEmpty()) {
                return new Asked(open.get(0).toRequest(), false);
            }
            OutgoingRequestEntity request = new OutgoingRequestEntity(Identifiers.random(), asker.username(),
                    authorship.origin(), module, recordId, author, clock.instant());
            manager.persist(request);
            outbox.put(manager, MessageKind.REQUEST, request.id(), request.homeNode(), ConsentWire.request(
                    request.id(), module, recordId, author, asker.username(), asker.displayName()));
            return new Asked(request.toRequest(), true);
        });
        if (asked.isNew()) {
            outbox.wake();
            LOG.info("Profile request {} about record {} of {} goes to node {}", asked.request().id(), recordId, module,
                    authorship.origin());
        }
        return asked;
    }

    @Override
    public List<OutgoingRequest> outgoing(String username) {
        String name = normalise(username);
        return transactions.read(manager -> manager.createNamedQuery(OutgoingRequestEntity.OF_USER,
                OutgoingRequestEntity.class).setParameter("username", name).setMaxResults(ProfileGrants.MAX_LISTED)
                .getResultStream().map(OutgoingRequestEntity::toRequest).toList());
    }

    @Override
    public List<GrantedProfile> granted(String username) {
        String name = normalise(username);
        return transactions.read(manager -> manager.createNamedQuery(GrantedProfileEntity.OF_USER, Object[].class)
                .setParameter("username", name).setMaxResults(ProfileGrants.MAX_LISTED).getResultStream()
                .map(row -> ((GrantedProfileEntity) row[0]).toGranted((OutgoingRequestEntity) row[1])).toList());
    }

    @Override
    public Optional<Avatar> grantedAvatar(String username, String requestId) {
        String name = normalise(username);
        return transactions.read(manager -> {
            GrantedProfileEntity profile = requestId == null ? null : manager.find(GrantedProfileEntity.class, requestId);
            if (profile == null || !profile.username().equals(name)) {
                return Optional.empty();
            }
            return Optional.ofNullable(manager.find(GrantedAvatarEntity.class, requestId))
                    .map(GrantedAvatarEntity::toAvatar);
        });
    }

    /**
     * Takes the home node's answer to one of this node's requests: keeps the profile it grants (for the asking
     * user), forgets it on revocation, notes a refusal. Answers older than the last one taken change nothing.
     *
     * @throws ConsentMessageRefusedException UNKNOWN_REQUEST if this node made no such request to {@code fromNode},
     *                                        CONFLICT if the request was refused or revoked already
     */
    synchronized void answered(String fromNode, ConsentWire.AnswerMessage answer) {
        RequestState state = answer.requestState();
        Avatar avatar = state == RequestState.GRANTED ? checkedAvatar(answer) : null;
        Instant now = clock.instant();
        String outcome = transactions.write(manager -> {
            OutgoingRequestEntity request = manager.find(OutgoingRequestEntity.class, answer.requestId());
            if (request == null || !request.homeNode().equals(fromNode)) {
                // The same words whether the request is another node's or nobody's: nothing to learn from them.
                throw new ConsentMessageRefusedException(ConsentMessageRefusedException.Reason.UNKNOWN_REQUEST,
                        "this node made no profile request " + answer.requestId() + " to node " + fromNode);
            }
            request.delivered();
            if (answer.version() <= request.answerVersion()) {
                return null;
            }
            if (request.state().isFinal() || (state == RequestState.REFUSED && request.state() == RequestState.GRANTED)) {
                throw new ConsentMessageRefusedException(ConsentMessageRefusedException.Reason.CONFLICT,
                        "profile request " + request.id() + " is " + request.state().label() + ": it cannot be "
                                + state.label() + " now");
            }
            String done = switch (state) {
                case GRANTED -> keep(manager, request, answer.grantedProfile(), avatar, now);
                case REVOKED -> {
                    forget(manager, request.id());
                    yield "revoked: its profile is deleted";
                }
                default -> "refused";
            };
            request.answer(state, answer.version(), now);
            return done;
        });
        if (outcome != null) {
            LOG.info("Profile request {} answered by node {}: {}", answer.requestId(), fromNode, outcome);
        }
    }

    private static String keep(EntityManager manager, OutgoingRequestEntity request, Profile profile, Avatar avatar,
            Instant now) {
        boolean first = request.state() == RequestState.PENDING;
        GrantedProfileEntity stored = manager.find(GrantedProfileEntity.class, request.id());
        if (stored == null) {
            stored = new GrantedProfileEntity(request.id(), request.username());
            manager.persist(stored);
        }
        stored.replace(new Profile(null, profile.displayName(), profile.email(), profile.bio(),
                avatar == null ? null : avatar.mediaType(), profile.updated()), now);
        GrantedAvatarEntity image = manager.find(GrantedAvatarEntity.class, request.id());
        if (avatar == null && image != null) {
            manager.remove(image);
        } else if (avatar != null && image == null) {
            manager.persist(new GrantedAvatarEntity(request.id(), avatar));
        } else if (avatar != null) {
            image.replace(avatar);
        }
        return first ? "granted: the profile is kept for the asking user" : "updated: a changed profile is kept";
    }

    private static void forget(EntityManager manager, String requestId) {
        GrantedAvatarEntity image = manager.find(GrantedAvatarEntity.class, requestId);
        if (image != null) {
            manager.remove(image);
        }
        GrantedProfileEntity profile = manager.find(GrantedProfileEntity.class, requestId);
        if (profile != null) {
            manager.remove(profile);
        }
    }

    /** @return the granted avatar if it passes this node's own checks; the profile is kept without it otherwise */
    private Avatar checkedAvatar(ConsentWire.AnswerMessage answer) {
        Avatar avatar = answer.grantedAvatar();
        if (avatar == null) {
            return null;
        }
        try {
            return new AvatarCheck(profiles.maxAvatarBytes(), MAX_AVATAR_PIXELS).check(avatar);
        } catch (AvatarRejectedException e) {
            LOG.info("The avatar granted with profile request {} is not kept: {}", answer.requestId(), e.getMessage());
            return null;
        }
    }

    @Override
    public void profileChanged(String username) {
        // The asking side keeps no profile of its own users.
    }

    /** The user's requests and whatever was granted to them go with the account. */
    @Override
    public synchronized void accountRemoved(String username) {
        String name = normalise(username);
        int removed = transactions.write(manager -> {
            List<String> ids = manager.createNamedQuery(OutgoingRequestEntity.IDS_OF_USER, String.class)
                    .setParameter("username", name).getResultList();
            outbox.drop(manager, MessageKind.REQUEST, ids);
            manager.createNamedQuery(GrantedAvatarEntity.DELETE_OF_USER).setParameter("username", name).executeUpdate();
            manager.createNamedQuery(GrantedProfileEntity.DELETE_OF_USER).setParameter("username", name)
                    .executeUpdate();
            manager.createNamedQuery(OutgoingRequestEntity.DELETE_OF_USER).setParameter("username", name)
                    .executeUpdate();
            return ids.size();
        });
        if (removed > 0) {
            LOG.info("{} profile request(s) of a removed account deleted with what was granted to it", removed);
        }
    }

    private static String normalise(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
