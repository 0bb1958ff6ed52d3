package org.dump.repository.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.VersionRange;

/**
 * The offers an install chooses from: those of the indexes this node holds, unless they offer no version of the
 * module that fits, or only an older one than a peer says it runs. Then the peers' repositories are read first,
 * there and then, so that a node that has just added a peer installs what that peer runs at once, without waiting
 * for its next round of readings.
 */
final class InstallOffers {

    /**
     * @param offers what to choose from
     * @param reading the reading of the peers' repositories made for the install, if one was
     */
    record Choice(Offers offers, Optional<PeerRepositories.Reading> reading) {
    }

    private final InstallSteps steps;
    private final PeerRepositories peerRepositories;
    private final PeerAnnouncements announcements;

    InstallOffers(InstallSteps steps, PeerRepositories peerRepositories, PeerAnnouncements announcements) {
        this.steps = steps;
        this.peerRepositories = peerRepositories;
        this.announcements = announcements;
    }

    Choice choose(String module, VersionRange range, InstallProgress progress) {
        Offers held = steps.offers();
        Optional<Offers.Offer> best = held.newest(module, range);
        String reason;
        if (best.isEmpty()) {
            reason = "the repositories this node holds offer no version of " + module + (range == null ? ""
                    : " in " + range);
        } else {
            Optional<PeerAnnouncements.Announcement> newer = announcements.of(module).stream()
                    .filter(a -> range == null || range.includes(a.version()))
                    .filter(a -> a.version().compareTo(best.get().version()) > 0)
                    .max(Comparator.comparing(PeerAnnouncements.Announcement::version));
            if (newer.isEmpty()) {
                return new Choice(held, Optional.empty());
            }
            reason = "peer " + newer.get().describe() + ", newer than the " + best.get().version()
                    + " this node holds";
        }
        progress.step(reason + ": asking the peers");
        PeerRepositories.Reading reading = peerRepositories.read(progress);
        return new Choice(steps.offers(), Optional.of(reading));
    }

    /**
     * @return the refusal of an install that found no version to choose from, saying where it looked, or that this
     *         node trusts nobody
     */
    static ModuleRefusedException nothingFits(String module, String versionRange, Choice choice,
            boolean trustsNobody) {
        List<Offers.Offer> any = choice.offers().of(module);
        String peers = choice.reading().map(r -> "; " + r.summary()).orElse("");
        if (any.isEmpty() && trustsNobody) {
            // A node installed into a Karaf of one's own trusts nobody until its administrator says so.
            return new ModuleRefusedException("No trusted publisher offers a module '" + module + "': this node "
                    + "trusts no module publisher yet, and installs modules only from publishers its administrator "
                    + "trusts. Trust one with dump:trust-add NAME KEY (its Ed25519 public key), then install again"
                    + peers);
        }
        if (any.isEmpty()) {
            return new ModuleRefusedException("No trusted publisher offers a module '" + module + "' in the "
                    + "repositories this node holds or has read from its peers" + peers
                    + " (dump:module-list shows what is available)");
        }
        return new ModuleRefusedException("No version of '" + module + "' in " + versionRange + "; available: "
                + any.stream().map(o -> o.version().toString()).collect(Collectors.joining(", ")) + peers);
    }
}
