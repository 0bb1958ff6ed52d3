package org.dump.node.internal.signin;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.config.JaasRealm;
import org.dump.node.account.AccountService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Karaf's own JAAS realm {@value #KARAF}, extended with the node's accounts. A Karaf that was not made as a node
 * (feature:install dump-node into a Karaf of one's own) signs its shell (sshRealm), JMX and web console in through
 * realm {@value #KARAF}; the node's administrators could not use the shell there. Karaf takes, of the realms of one
 * name, the one of highest rank: this one ranks just above whichever realm {@value #KARAF} ranked highest before,
 * and holds that realm's login modules, unchanged and first, then the node's as {@code SUFFICIENT}. Users of
 * etc/users.properties (and whatever else that realm knew) sign in as before; the node's administrators too.
 * The node's own realm {@value NodeAccountsRealm#NAME} is unaffected.
 */
@Component(service = JaasRealm.class, property = KarafRealmExtension.EXTENSION + ":Boolean=true")
public final class KarafRealmExtension implements JaasRealm {

    static final String KARAF = "karaf";
    /**
     * Marks this realm's service so that its own reference leaves it out: Service Component Runtime, asked for the
     * component's own service while activating it, logged "Could not get service from ref" at every start.
     */
    static final String EXTENSION = "dump.realm.extension";

    private final AppConfigurationEntry nodeAccounts;
    private final List<JaasRealm> karafRealms = new CopyOnWriteArrayList<>();

    @Activate
    public KarafRealmExtension(@Reference AccountService accounts, BundleContext context) {
        this(NodeAccountsRealm.entry(accounts, context, LoginModuleControlFlag.SUFFICIENT));
    }

    KarafRealmExtension(AppConfigurationEntry nodeAccounts) {
        this.nodeAccounts = nodeAccounts;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(!(" + EXTENSION + "=true))")
    void addRealm(JaasRealm realm) {
        // Every other realm is offered: only those of the name count.
        if (realm != this && KARAF.equals(realm.getName())) {
            karafRealms.add(realm);
        }
    }

    void removeRealm(JaasRealm realm) {
        karafRealms.remove(realm);
    }

    /** @return the realm {@value #KARAF} that Karaf would use without this one */
    private Optional<JaasRealm> extended() {
        return karafRealms.stream().max(Comparator.comparingInt(JaasRealm::getRank));
    }

    @Override
    public String getName() {
        return KARAF;
    }

    @Override
    public int getRank() {
        return extended().map(realm -> realm.getRank() == Integer.MAX_VALUE ? Integer.MAX_VALUE : realm.getRank() + 1)
                .orElse(0);
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        AppConfigurationEntry[] before = extended().map(JaasRealm::getEntries).orElse(new AppConfigurationEntry[0]);
        return Stream.concat(Arrays.stream(before), Stream.of(nodeAccounts)).toArray(AppConfigurationEntry[]::new);
    }
}
