package org.dump.web.internal.console;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleVersion;
import org.junit.Test;

public class PendingUpdatesTest {

    private static final String MARKET = "org.dump.module.market";

    private static InstalledModule installed(String version, String publisher) {
        return new InstalledModule("market", "1.0.0", MARKET, version, 42, "ACTIVE", publisher);
    }

    private static ModuleVersion offered(String symbolicName, String version) {
        return new ModuleVersion("market", "1.0.0", symbolicName, version, "dump-development", "00", 1000,
                List.of("this node"));
    }

    @Test
    public void theNewestVersionOfTheSameMajorIsPending() {
        List<PendingUpdates.Update> updates = PendingUpdates.of(List.of(installed("1.0.0", "dump-development")),
                List.of(offered(MARKET, "2.0.0"), offered(MARKET, "1.2.0"), offered(MARKET, "1.10.0"),
                        offered(MARKET, "1.0.0"), offered("org.other", "1.5.0")));
        assertEquals(1, updates.size());
        assertEquals("1.10.0", updates.get(0).available());
        assertEquals("1.0.0", updates.get(0).installed());
        assertEquals(List.of("this node"), updates.get(0).sources());
    }

    @Test
    public void nothingIsPendingForTheNewestOrOnlyANewMajorOrAModuleNotFromARepository() {
        assertEquals(List.of(), PendingUpdates.of(List.of(installed("1.1.0", "dump-development")),
                List.of(offered(MARKET, "1.1.0"), offered(MARKET, "1.0.5"))));
        assertEquals(List.of(), PendingUpdates.of(List.of(installed("1.1.0", "dump-development")),
                List.of(offered(MARKET, "2.0.0"))));
        assertEquals(List.of(), PendingUpdates.of(List.of(installed("1.0.0", null)), List.of(offered(MARKET, "1.1.0"))));
    }

    @Test
    public void twoMajorVersionsSideBySideEachGetTheirOwnUpdate() {
        List<PendingUpdates.Update> updates = PendingUpdates.of(
                List.of(installed("1.1.0", "dump-development"), installed("2.0.0", "dump-development")),
                List.of(offered(MARKET, "1.2.0"), offered(MARKET, "2.0.1"), offered(MARKET, "xx")));
        assertEquals(2, updates.size());
        assertEquals("1.2.0", updates.get(0).available());
        assertEquals("2.0.1", updates.get(1).available());
    }
}
