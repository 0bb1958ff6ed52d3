package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleVersion;

/** Completes the ids of the modules that trusted publishers offer. */
@Service
public class AvailableModuleCompleter implements Completer {

    @Reference
    ModuleCatalog catalog;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        catalog.available().stream().map(ModuleVersion::module).distinct().forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
