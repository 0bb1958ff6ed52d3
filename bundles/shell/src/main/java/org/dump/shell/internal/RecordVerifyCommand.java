package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.node.record.RecordVerification;

/**
 * {@code dump:record-verify}: checks every stored record of a module against its origin's signature, to find
 * records changed in the database behind the node's back.
 */
@Service
@Command(scope = "dump", name = "record-verify",
        description = "Checks the signatures of the stored records of a module, also of a module that is not running.")
public class RecordVerifyCommand implements Action {

    @Argument(index = 0, name = "module", required = true, description = "The module id, e.g. market")
    @Completion(ModuleIdCompleter.class)
    String module;

    @Option(name = "--limit", aliases = "-l", description = "Show at most this many failures")
    int limit = 100;

    @Reference
    RecordVerification verification;

    @Override
    public Object execute() {
        // Only the failures shown are kept: a module of any size is checked in bounded memory.
        RecordVerification.Report report = verification.verify(module, Math.max(0, limit));
        if (report.allVerified()) {
            System.out.println("All " + report.checked() + " records of module " + module + " verified.");
            return null;
        }
        System.out.println(report.failed() + " of " + report.checked() + " records of module " + module
                + " did not verify:");
        ShellTable table = new ShellTable();
        table.column("Record");
        table.column("Origin");
        table.column("Problem");
        report.failures().forEach(f -> table.addRow().addContent(f.id(), f.origin(), f.reason()));
        table.print(System.out);
        return null;
    }
}
