package org.dump.shell.internal;

import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;

import org.dump.federation.RelayClient;
import org.dump.federation.RelayReport;
import org.junit.Rule;
import org.junit.Test;

/** What {@code dump:relay-clients} prints: whether the node relays, and each client's traffic. */
public class RelayClientsCommandTest {

    @Rule
    public final ShellOutput out = new ShellOutput();

    private String run(RelayReport report) {
        RelayClientsCommand command = new RelayClientsCommand();
        command.relaying = () -> report;
        command.execute();
        return out.text();
    }

    @Test
    public void aNodeThatDoesNotRelaySaysSo() {
        String shown = run(new RelayReport(false, 0, 262_144, List.of()));
        assertTrue(shown, shown.contains("does not relay (relayClients = 0"));
    }

    @Test
    public void eachClientIsListedWithItsTraffic() {
        Instant now = Instant.now();
        String shown = run(new RelayReport(true, 10, 262_144, List.of(new RelayClient(
                "abcdefghijklmnopqrstuvwxyz234567", now.minusSeconds(600), now, 12, 4096, 2048 + 1))));
        assertTrue(shown, shown.startsWith("This node relays for 1 of at most 10 node(s), 256 KiB/s each."));
        assertTrue(shown, shown.contains("abcdefghijklmnopqrstuvwxyz234567"));
        assertTrue(shown, shown.contains("10 min ago"));
        assertTrue(shown, shown.matches("(?s).*\\b12\\s+\\S?\\s*4\\s+\\S?\\s*3\\b.*"));
    }
}
