package org.dump.web.internal.console;

import java.util.List;
import java.util.Map;

import org.dump.repository.PublisherTrust;
import org.dump.repository.TrustedPublisher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code publishers.json}: the publishers whose modules this node installs. Actions {@code publishers/add} (name,
 * publicKey) and {@code publishers/remove} (name or fingerprint), as {@code dump:trust-add} and
 * {@code dump:trust-remove}.
 */
@Component(service = ConsoleSection.class)
public final class PublisherSection implements ConsoleSection {

    record View(List<TrustedPublisher> publishers) {
    }

    private final PublisherTrust trust;

    @Activate
    public PublisherSection(@Reference PublisherTrust trust) {
        this.trust = trust;
    }

    @Override
    public String name() {
        return "publishers";
    }

    @Override
    public View read(Map<String, String> query) {
        return new View(trust.list());
    }

    @Override
    public Answer act(String action, Map<String, String> form) {
        switch (action) {
            case "add" -> {
                TrustedPublisher added = trust.add(ConsoleSection.required(form, "name"),
                        ConsoleSection.required(form, "publicKey"));
                return Answer.ok(Map.of("message", "Publisher " + added.name() + " (" + added.fingerprint()
                        + ") is trusted.", "publishers", trust.list()));
            }
            case "remove" -> {
                String publisher = ConsoleSection.required(form, "publisher");
                if (!trust.remove(publisher)) {
                    throw new IllegalArgumentException("no trusted publisher '" + publisher + "'");
                }
                return Answer.ok(Map.of("message", "Publisher " + publisher + " is no longer trusted.",
                        "publishers", trust.list()));
            }
            default -> throw ConsoleSection.unknownAction(name(), action);
        }
    }
}
