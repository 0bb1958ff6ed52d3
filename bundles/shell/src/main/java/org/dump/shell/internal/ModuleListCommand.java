package org.dump.shell.internal;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleVersion;

/** {@code dump:module-list}: the modules installed on this node, and those it can install. */
@Service
@Command(scope = "dump", name = "module-list", description = "Lists the modules installed on this node and the "
        + "versions that trusted publishers offer in the repositories of this node and its peers.")
public class ModuleListCommand implements Action {

    @Option(name = "-r", aliases = "--read-peers", description = "Read the peers' repositories first, telling how "
            + "each went")
    boolean readPeers;

    @Reference
    ModuleCatalog catalog;

    @Override
    public Object execute() {
        if (readPeers) {
            System.out.println(catalog.readPeers(new InstallProgressLines()));
            System.out.println();
        }
        List<InstalledModule> installed = catalog.installed();
        System.out.println("Installed:");
        ShellTable table = new ShellTable();
        table.column("Module");
        table.column("Data version");
        table.column("Bundle");
        table.column("Version");
        table.column("State");
        table.column("Publisher");
        table.column("Bundle id").alignRight();
        for (InstalledModule module : installed) {
            table.addRow().addContent(module.module(), module.dataVersion(), module.symbolicName(), module.version(),
                    module.state(), module.publisher() == null ? "(not from a repository)" : module.publisher(),
                    module.bundleId());
        }
        table.print(System.out);
        if (installed.isEmpty()) {
            System.out.println("No module is installed. Install one with dump:module-install NAME.");
        }
        List<ModuleVersion> available = catalog.available();
        System.out.println();
        System.out.println("Available:");
        ShellTable offers = new ShellTable();
        offers.column("Module");
        offers.column("Version");
        offers.column("Data version");
        offers.column("Bundle");
        offers.column("Publisher");
        offers.column("Size").alignRight();
        offers.column("From");
        for (ModuleVersion version : available) {
            offers.addRow().addContent(version.module(), version.version(), version.dataVersion(),
                    version.symbolicName(), version.publisher(), version.size() < 0 ? "?" : version.size(),
                    version.sources().isEmpty() ? "(no holder known; dump:module-list -r)"
                            : String.join(", ", version.sources()));
        }
        offers.print(System.out);
        if (available.isEmpty()) {
            System.out.println("No trusted publisher's index is held. dump:repository-import takes in a repository; "
                    + "peers' repositories are read every few minutes (or now with -r).");
        }
        System.out.println(catalog.peersRead().map(read -> "Peers' repositories read " + Ago.of(read, Instant.now()))
                .orElse("Peers' repositories never read since the node started") + " (dump:module-list -r reads "
                + "them now; dump:module-install reads them itself when it needs to).");
        return null;
    }
}
