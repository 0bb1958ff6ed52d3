package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;

/** {@code dump:module-list}: the modules running on this node. */
@Service
@Command(scope = "dump", name = "module-list", description = "Lists the modules running on this node.")
public class ModuleListCommand implements Action {

    @Reference
    ModuleRegistry modules;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Module");
        table.column("Data version");
        table.column("Bundle");
        table.column("Version");
        table.column("Bundle id").alignRight();
        for (RunningModule module : modules.running()) {
            table.addRow().addContent(module.id(), module.dataVersion(), module.symbolicName(),
                    module.bundleVersion(), module.bundleId());
        }
        table.print(System.out);
        if (modules.running().isEmpty()) {
            System.out.println("No module is running. Install one with bundle:install or feature:install.");
        }
        return null;
    }
}
