package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;

/** {@code dump:trust-list}: the trusted module publishers. */
@Service
@Command(scope = "dump", name = "trust-list", description = "Lists the module publishers this node trusts.")
public class TrustListCommand implements Action {

    @Reference
    PublisherTrust trust;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Fingerprint");
        table.column("Public key");
        for (TrustedPublisher publisher : trust.list()) {
            table.addRow().addContent(publisher.name(), publisher.fingerprint(), publisher.publicKey());
        }
        table.print(System.out);
        if (trust.list().isEmpty()) {
            System.out.println("No publisher is trusted: nothing can be installed from a repository "
                    + "(dump:trust-add NAME KEY).");
        }
        return null;
    }
}
