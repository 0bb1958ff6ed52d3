package org.dump.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.federation.FederationQueues;
import org.dump.node.status.NodeQueues;

/**
 * {@code dump:queues}: how full the node's bounded queues and memories are, one row each, for the administrator and
 * for measurements that watch a node under load (which read it with {@code --no-format}).
 */
@Service
@Command(scope = "dump", name = "queues", description = "Shows how full the node's bounded queues and memories are: "
        + "one row per structure with its name, its size now and its limit ('-' where the bound is not a count; a "
        + "size of -1 could not be read now). docs/admin.md says what each row is.")
public class QueuesCommand implements Action {

    @Reference(optional = true)
    FederationQueues federation;

    @Reference(optional = true)
    NodeQueues node;

    @Option(name = "--no-format", description = "Prints no header and separates the columns with tabs, for scripts")
    boolean noFormat;

    /** A row: the same for both services. */
    private record Row(String name, long size, long limit) {
    }

    @Override
    public Object execute() {
        List<Row> rows = new ArrayList<>();
        if (federation != null) {
            federation.queues().forEach(q -> rows.add(new Row(q.name(), q.size(), q.limit())));
        }
        if (node != null) {
            node.queues().forEach(q -> rows.add(new Row(q.name(), q.size(), q.limit())));
        }
        if (noFormat) {
            // ShellTable pads cells even unformatted: scripts get the bare values.
            rows.forEach(row -> System.out.println(row.name() + "\t" + row.size() + "\t" + limit(row)));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Queue");
        table.column("Size").alignRight();
        table.column("Limit").alignRight();
        table.emptyTableText("No queues to show: neither federation nor the node's record store is running.");
        for (Row row : rows) {
            table.addRow().addContent(row.name(), row.size(), limit(row));
        }
        table.print(System.out);
        return null;
    }

    private static String limit(Row row) {
        return row.limit() < 0 ? "-" : Long.toString(row.limit());
    }
}
