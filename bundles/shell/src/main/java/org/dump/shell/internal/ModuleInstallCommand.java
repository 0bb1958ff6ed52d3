package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.repository.ModuleChange;
import org.dump.repository.ModuleInstaller;
import org.dump.repository.ModuleRefusedException;

/** {@code dump:module-install NAME [RANGE]}: installs a module from the signed repositories. */
@Service
@Command(scope = "dump", name = "module-install", description = "Installs and starts a module from the signed "
        + "repositories of this node and its peers, with what it needs, after checking the publisher's index "
        + "signature, the bundle's digest and its JAR signature. When this node holds no version that fits, or only "
        + "an older one than a peer runs, it reads the peers' repositories first.")
public class ModuleInstallCommand implements Action {

    @Argument(index = 0, name = "module", required = true, description = "The module id, e.g. market")
    @Completion(AvailableModuleCompleter.class)
    String module;

    @Argument(index = 1, name = "version-range", description = "Versions to choose from, e.g. [2.0,3); the newest "
            + "is taken. Another major version than the installed one is installed beside it")
    String versionRange;

    @Reference
    ModuleInstaller installer;

    @Override
    public Object execute() throws ModuleRefusedException {
        System.out.println("Installing " + module + (versionRange == null ? "" : " " + versionRange) + ":");
        ModuleChange change = installer.install(module.strip(), versionRange, new InstallProgressLines());
        System.out.println(change.summary());
        return null;
    }
}
