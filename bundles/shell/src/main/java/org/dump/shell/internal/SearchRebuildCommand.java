package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.node.record.RecordSearchIndex;

/**
 * {@code dump:search-rebuild}: makes the full-text index of one module's records (or of every module that declared
 * searchable fields) again from the database, and shows what the index holds. The node does this by itself when the
 * index is lost or damaged and when a module declares other fields; this is for an index an admin distrusts.
 */
@Service
@Command(scope = "dump", name = "search-rebuild",
        description = "Makes the full-text index of a module's records again from the database (all modules without one).")
public class SearchRebuildCommand implements Action {

    @Argument(index = 0, name = "module", required = false, description = "The module id, e.g. market")
    @Completion(ModuleIdCompleter.class)
    String module;

    @Reference
    RecordSearchIndex index;

    @Override
    public Object execute() {
        RecordSearchIndex.Status before = index.status();
        if (before.folder() == null) {
            System.out.println("This node has no search index: searches go to the database.");
            return null;
        }
        List<String> modules = module != null ? List.of(module) : before.modules().keySet().stream().sorted().toList();
        if (modules.isEmpty()) {
            System.out.println("No module declares searchable fields.");
        }
        for (String id : modules) {
            long start = System.nanoTime();
            int count = index.rebuild(id);
            System.out.printf("Indexed %d records of module %s in %.1f s.%n", count, id,
                    (System.nanoTime() - start) / 1e9);
        }
        RecordSearchIndex.Status after = index.status();
        ShellTable table = new ShellTable();
        table.column("Module");
        table.column("Searchable fields");
        table.column("Answers");
        after.modules().forEach((id, m) -> table.addRow().addContent(id, m.declared(), m.ready() ? "index" : "database"));
        table.print(System.out);
        System.out.println(after.records() + " records in " + after.folder() + ", " + after.behind()
                + " batches behind the database.");
        return null;
    }
}
