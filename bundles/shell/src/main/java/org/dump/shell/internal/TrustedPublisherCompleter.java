package org.dump.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;

/** Completes the names of the trusted publishers. */
@Service
public class TrustedPublisherCompleter implements Completer {

    @Reference
    PublisherTrust trust;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        trust.list().stream().map(TrustedPublisher::name).forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
