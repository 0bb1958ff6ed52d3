package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.module.RunningModule;

/** Completes the ids of the modules running on this node. */
@Service
public class ModuleIdCompleter implements Completer {

    @Reference
    ModuleRegistry modules;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        modules.running().stream().map(RunningModule::id).forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
