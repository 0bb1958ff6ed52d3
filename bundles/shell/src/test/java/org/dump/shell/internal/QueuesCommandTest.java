package org.dump.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dump.federation.FederationQueues;
import org.dump.node.status.NodeQueues;
import org.junit.Rule;
import org.junit.Test;

/** What {@code dump:queues} prints: three columns, a row per structure, "-" for a bound that is not a count. */
public class QueuesCommandTest {

    @Rule
    public final ShellOutput out = new ShellOutput();

    private final FederationQueues federation = () -> List.of(
            new FederationQueues.Queue("push-bytes", 2048, 33_554_432),
            new FederationQueues.Queue("push-tasks", 3, FederationQueues.NO_COUNT));
    private final NodeQueues node = () -> List.of(new NodeQueues.Queue("consent-outbox", 1, NodeQueues.NO_COUNT));

    private String run(FederationQueues federationQueues, NodeQueues nodeQueues, boolean noFormat) {
        QueuesCommand command = new QueuesCommand();
        command.federation = federationQueues;
        command.node = nodeQueues;
        command.noFormat = noFormat;
        command.execute();
        return out.text();
    }

    @Test
    public void everyStructureIsARowOfNameSizeAndLimit() {
        List<String> lines = run(federation, node, false).lines().toList();
        assertEquals(List.of("Queue", "Size", "Limit"), cells(lines.get(0)));
        assertEquals(List.of("push-bytes", "2048", "33554432"), cells(lines.get(2)));
        assertEquals(List.of("push-tasks", "3", "-"), cells(lines.get(3)));
        assertEquals(List.of("consent-outbox", "1", "-"), cells(lines.get(4)));
        assertEquals(5, lines.size());
    }

    @Test
    public void forScriptsTheColumnsAreSeparatedByTabsWithoutAHeader() {
        assertEquals(List.of("push-bytes\t2048\t33554432", "push-tasks\t3\t-", "consent-outbox\t1\t-"),
                run(federation, node, true).lines().map(String::strip).toList());
    }

    @Test
    public void withoutFederationTheNodesQueuesAreShownStill() {
        String shown = run(null, node, false);
        assertTrue(shown, shown.contains("consent-outbox"));
        out.reset();
        shown = run(null, null, false);
        assertTrue(shown, shown.contains("No queues to show"));
    }

    private static List<String> cells(String line) {
        return List.of(line.split("\\|")).stream().map(String::strip).toList();
    }
}
