package org.dump.node.internal.signin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.config.JaasRealm;
import org.junit.Test;

public class KarafRealmExtensionTest {

    private static final AppConfigurationEntry NODE = entry("node", LoginModuleControlFlag.SUFFICIENT);
    private static final AppConfigurationEntry PROPERTIES = entry("properties", LoginModuleControlFlag.SUFFICIENT);
    private static final AppConfigurationEntry PUBLIC_KEY = entry("publickey", LoginModuleControlFlag.SUFFICIENT);

    private final KarafRealmExtension extension = new KarafRealmExtension(NODE);

    @Test
    public void keepsKarafsOwnLoginModulesFirstAndAddsTheNodesAfterThem() {
        extension.addRealm(realm("karaf", 0, PROPERTIES, PUBLIC_KEY));

        assertArrayEquals(new AppConfigurationEntry[] {PROPERTIES, PUBLIC_KEY, NODE}, extension.getEntries());
    }

    @Test
    public void ranksJustAboveTheHighestRankedKarafRealmAndExtendsThatOne() {
        extension.addRealm(realm("karaf", 0, PROPERTIES));
        JaasRealm administrators = realm("karaf", 5, PUBLIC_KEY);
        extension.addRealm(administrators);

        assertEquals(6, extension.getRank());
        assertArrayEquals(new AppConfigurationEntry[] {PUBLIC_KEY, NODE}, extension.getEntries());

        extension.removeRealm(administrators);
        assertEquals(1, extension.getRank());
        assertArrayEquals(new AppConfigurationEntry[] {PROPERTIES, NODE}, extension.getEntries());
    }

    @Test
    public void ignoresOtherRealmsAndItself() {
        extension.addRealm(realm("dump", 9, PUBLIC_KEY));
        extension.addRealm(extension);

        assertEquals("karaf", extension.getName());
        assertEquals(0, extension.getRank());
        assertArrayEquals(new AppConfigurationEntry[] {NODE}, extension.getEntries());
    }

    private static AppConfigurationEntry entry(String module, LoginModuleControlFlag flag) {
        return new AppConfigurationEntry(module, flag, Map.of());
    }

    private static JaasRealm realm(String name, int rank, AppConfigurationEntry... entries) {
        return new JaasRealm() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getRank() {
                return rank;
            }

            @Override
            public AppConfigurationEntry[] getEntries() {
                return entries;
            }
        };
    }
}
