package org.dump.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.dump.repository.InstallProgress;
import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleVersion;
import org.junit.Rule;
import org.junit.Test;

/** {@code dump:module-list} says when the peers' repositories were last read, and {@code -r} how each went. */
public class ModuleListCommandTest {

    @Rule
    public final ShellOutput out = new ShellOutput();

    @Test
    public void saysWhenThePeersWereLastRead() {
        list(new Catalog(Optional.of(Instant.now().minus(Duration.ofSeconds(150)))), false);

        assertTrue(output(), output().contains("Peers' repositories read 2 min ago"));
        assertTrue(output(), output().contains("market"));
        assertTrue(output(), output().contains("this node, peer-y"));
    }

    @Test
    public void saysWhenThePeersWereNeverRead() {
        list(new Catalog(Optional.empty()), false);

        assertTrue(output(), output().contains("Peers' repositories never read since the node started"));
    }

    @Test
    public void readingThePeersShowsHowEachWent() {
        Catalog catalog = new Catalog(Optional.empty());

        list(catalog, true);

        assertTrue(output(), output().contains("  peer Y (http://127.0.0.1:8281/): holds 1 bundle(s)"));
        assertTrue(output(), output().contains("Read the peers' repositories: 1 peer(s) read."));
        assertTrue(output(), output().contains("Peers' repositories read just now"));
    }

    @Test
    public void agesReadAtAGlance() {
        Instant now = Instant.parse("2025-01-01T12:00:00Z");
        assertEquals("just now", Ago.of(now.minusSeconds(2), now));
        assertEquals("42 s ago", Ago.of(now.minusSeconds(42), now));
        assertEquals("59 min ago", Ago.of(now.minusSeconds(3599), now));
        assertEquals("3 h ago", Ago.of(now.minusSeconds(3 * 3600 + 10), now));
        assertEquals("4 days ago", Ago.of(now.minus(Duration.ofDays(4)), now));
        assertEquals("just now", Ago.of(now.plusSeconds(30), now));
    }

    private void list(ModuleCatalog catalog, boolean readPeers) {
        ModuleListCommand command = new ModuleListCommand();
        command.catalog = catalog;
        command.readPeers = readPeers;
        command.execute();
    }

    private String output() {
        return out.text();
    }

    /** A catalog with one module held here and on a peer, whose peers were read at {@code read}. */
    private static final class Catalog implements ModuleCatalog {

        private Optional<Instant> read;

        Catalog(Optional<Instant> read) {
            this.read = read;
        }

        @Override
        public List<ModuleVersion> available() {
            return List.of(new ModuleVersion("market", "1.0.0", "org.dump.module.market", "1.0.0", "dump-development",
                    "ab".repeat(32), 12345, List.of("this node", "peer-y")));
        }

        @Override
        public List<InstalledModule> installed() {
            return List.of();
        }

        @Override
        public String importRepository(URI repository, InstallProgress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void readPeers() {
            readPeers(InstallProgress.SILENT);
        }

        @Override
        public String readPeers(InstallProgress progress) {
            progress.step("reading the repositories of 1 peer(s)…");
            progress.step("peer Y (http://127.0.0.1:8281/): holds 1 bundle(s); no index newer than this node's");
            read = Optional.of(Instant.now());
            return "Read the peers' repositories: 1 peer(s) read.";
        }

        @Override
        public Optional<Instant> peersRead() {
            return read;
        }
    }
}
