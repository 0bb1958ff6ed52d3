package org.dump.node.internal.signin;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.dump.node.account.AccountService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The JAAS realm {@value #NAME}: Karaf's SSH shell ({@code bin/client}), JMX and web console sign in with the node's
 * own accounts, so an administrator has one password for the REST API and the shell. Only accounts with the admin
 * role get the roles Karaf asks for (ssh, admin, manager, viewer, systembundles).
 */
@Component(service = JaasRealm.class)
public final class NodeAccountsRealm implements JaasRealm {

    /** The realm name to put in sshRealm, jmxRealm and the web console's realm. */
    public static final String NAME = "dump";

    static final String ACCOUNTS_OPTION = AccountService.class.getName();

    private final AppConfigurationEntry[] entries;

    @Activate
    public NodeAccountsRealm(@Reference AccountService accounts, BundleContext context) {
        entries = new AppConfigurationEntry[] {entry(accounts, context, LoginModuleControlFlag.REQUIRED)};
    }

    /** @return the node's login module as a JAAS entry with {@code flag}, for this realm and for others */
    static AppConfigurationEntry entry(AccountService accounts, BundleContext context, LoginModuleControlFlag flag) {
        // Karaf's proxy loads the login module from this bundle and hands it the options, account service included.
        return new AppConfigurationEntry(ProxyLoginModule.class.getName(), flag, Map.of(
                ProxyLoginModule.PROPERTY_MODULE, AccountLoginModule.class.getName(),
                ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()),
                ACCOUNTS_OPTION, accounts));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return 0;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
