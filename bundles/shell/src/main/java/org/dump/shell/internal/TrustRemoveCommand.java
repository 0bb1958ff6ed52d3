package org.dump.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.repository.PublisherTrust;

/** {@code dump:trust-remove NAME}: stops trusting a module publisher. */
@Service
@Command(scope = "dump", name = "trust-remove", description = "Stops trusting a module publisher: no more installs "
        + "or updates of its modules. What is installed stays.")
public class TrustRemoveCommand implements Action {

    @Argument(index = 0, name = "publisher", required = true, description = "The publisher's name or fingerprint")
    @Completion(TrustedPublisherCompleter.class)
    String publisher;

    @Reference
    PublisherTrust trust;

    @Override
    public Object execute() {
        if (!trust.remove(publisher.strip())) {
            throw new IllegalArgumentException("no trusted publisher " + publisher + " (dump:trust-list shows them)");
        }
        System.out.println("Publisher " + publisher + " is no longer trusted.");
        return null;
    }
}
