package org.dump.node.internal.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.dump.node.account.Avatar;
import org.dump.node.account.Profile;
import org.dump.node.account.ProfileService;
import org.dump.node.account.ProfileUpdate;
import org.dump.node.account.UnknownAccountException;
import org.dump.node.persistence.DatabaseSpace;
import org.dump.node.persistence.Transactions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The profiles of the node's users, in DUMP_PROFILE and DUMP_AVATAR through JPA. */
@Component(service = ProfileService.class, configurationPid = JpaProfileService.PID)
@Designate(ocd = JpaProfileService.Config.class)
public final class JpaProfileService implements ProfileService {

    static final String PID = "org.dump.profiles";

    @ObjectClassDefinition(name = "DUMP profiles", description = "Limits on what a profile may hold.")
    public @interface Config {

        @AttributeDefinition(name = "Largest avatar (bytes)", min = "1024", max = "16777216")
        int maxAvatarBytes() default 512 * 1024;

        @AttributeDefinition(name = "Largest avatar side (pixels)", min = "16")
        int maxAvatarPixels() default 4096;

        @AttributeDefinition(name = "Longest bio (characters)", min = "0", max = "4000")
        int maxBioLength() default 500;
    }

    private final Transactions transactions;
    private final AvatarCheck avatarCheck;
    private final int maxAvatarBytes;
    private final int maxBioLength;
    private final Clock clock;

    /** Grants of profiles to other nodes follow every change (org.dump.node.internal.consent). */
    @Reference(service = AccountListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, fieldOption = FieldOption.UPDATE)
    private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public JpaProfileService(@Reference(target = "(osgi.unit.name=" + Transactions.UNIT + ")") EntityManagerFactory entityManagerFactory,
            @Reference DatabaseSpace space,
            Config config) {
        this(new Transactions(entityManagerFactory, space), config, Clock.systemUTC());
    }

    JpaProfileService(Transactions transactions, Config config, Clock clock) {
        this.transactions = transactions;
        this.maxAvatarBytes = Math.min(config.maxAvatarBytes(), AvatarEntity.MAX_STORED_BYTES);
        this.maxBioLength = Math.min(config.maxBioLength(), AccountRules.MAX_BIO_STORED);
        this.avatarCheck = new AvatarCheck(maxAvatarBytes, config.maxAvatarPixels());
        this.clock = clock;
    }

    @Override
    public Profile get(String username) {
        String name = normalise(username);
        return transactions.read(manager -> existing(manager, name).toProfile());
    }

    @Override
    public Profile update(String username, ProfileUpdate update) {
        String name = normalise(username);
        String displayName = AccountRules.displayName(update.displayName());
        String email = AccountRules.email(update.email());
        String bio = AccountRules.bio(update.bio(), maxBioLength);
        Instant now = clock.instant();
        Profile updated = transactions.write(manager -> {
            ProfileEntity profile = existing(manager, name);
            profile.text(displayName, email, bio, now);
            return profile.toProfile();
        });
        changed(name);
        return updated;
    }

    @Override
    public Profile setAvatar(String username, Avatar avatar) {
        String name = normalise(username);
        Avatar checked = avatarCheck.check(avatar);
        Instant now = clock.instant();
        Profile updated = transactions.write(manager -> {
            ProfileEntity profile = existing(manager, name);
            AvatarEntity stored = manager.find(AvatarEntity.class, name);
            if (stored == null) {
                manager.persist(new AvatarEntity(name, checked));
            } else {
                stored.replace(checked);
            }
            profile.avatarType(checked.mediaType(), now);
            return profile.toProfile();
        });
        changed(name);
        return updated;
    }

    @Override
    public Optional<Avatar> avatar(String username) {
        String name = normalise(username);
        return Optional.ofNullable(transactions.read(manager -> manager.find(AvatarEntity.class, name)))
                .map(AvatarEntity::toAvatar);
    }

    @Override
    public Profile removeAvatar(String username) {
        String name = normalise(username);
        Instant now = clock.instant();
        Profile updated = transactions.write(manager -> {
            ProfileEntity profile = existing(manager, name);
            manager.createNamedQuery(AvatarEntity.DELETE).setParameter("username", name).executeUpdate();
            profile.avatarType(null, now);
            return profile.toProfile();
        });
        changed(name);
        return updated;
    }

    @Override
    public int maxAvatarBytes() {
        return maxAvatarBytes;
    }

    /** For tests, which build the service without DS. */
    void listen(AccountListener listener) {
        listeners.add(listener);
    }

    private void changed(String username) {
        AccountListener.tell(listeners, listener -> listener.profileChanged(username));
    }

    private static ProfileEntity existing(EntityManager manager, String username) {
        ProfileEntity profile = manager.find(ProfileEntity.class, username);
        if (profile == null) {
            throw new UnknownAccountException(username);
        }
        return profile;
    }

    private static String normalise(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
