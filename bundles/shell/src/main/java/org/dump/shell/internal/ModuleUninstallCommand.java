package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.repository.ModuleInstaller;
import org.dump.repository.ModuleRefusedException;

/** {@code dump:module-uninstall NAME}: removes a module's bundles. */
@Service
@Command(scope = "dump", name = "module-uninstall", description = "Uninstalls every version of a module. Its "
        + "records stay in the store and come back into use if the module is installed again.")
public class ModuleUninstallCommand implements Action {

    @Argument(index = 0, name = "module", required = true, description = "The module id")
    @Completion(InstalledModuleCompleter.class)
    String module;

    @Reference
    ModuleInstaller installer;

    @Override
    public Object execute() throws ModuleRefusedException {
        System.out.println(installer.uninstall(module.strip()).summary());
        return null;
    }
}
