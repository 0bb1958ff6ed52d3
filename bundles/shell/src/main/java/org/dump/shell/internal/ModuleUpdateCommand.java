package org.dump.shell.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleInstaller;
import org.dump.repository.ModuleRefusedException;

/** {@code dump:module-update [NAME]}: updates modules to newer compatible versions. */
@Service
@Command(scope = "dump", name = "module-update", description = "Updates a module (or every module installed from "
        + "a repository) to the newest version of the same major version that its publisher offers; only the module "
        + "and what depends on it restart, and the old version comes back if the new one does not start.")
public class ModuleUpdateCommand implements Action {

    @Argument(index = 0, name = "module", description = "The module id; all modules if left out")
    @Completion(InstalledModuleCompleter.class)
    String module;

    @Option(name = "-p", aliases = "--patch", description = "Only patch versions (1.2.x), not minor ones (1.x)")
    boolean patchOnly;

    @Reference
    ModuleInstaller installer;

    @Reference
    ModuleCatalog catalog;

    @Override
    public Object execute() throws ModuleRefusedException {
        Set<String> modules = new LinkedHashSet<>();
        if (module != null) {
            modules.add(module.strip());
        } else {
            catalog.installed().stream().filter(m -> m.publisher() != null).map(InstalledModule::module)
                    .forEach(modules::add);
            if (modules.isEmpty()) {
                System.out.println("No module installed from a repository: nothing to update.");
            }
        }
        for (String name : modules) {
            ModuleChange change = installer.update(name, patchOnly ? "patch" : "minor", new InstallProgressLines());
            System.out.println(change.summary());
        }
        return null;
    }
}
