package org.dump.web.internal.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dump.repository.InstalledModule;
import org.dump.repository.ModuleVersion;
import org.osgi.framework.Version;

/**
 * Which installed modules have a newer version that {@code dump:module-update} would take: the same bundle from a
 * trusted publisher, same major version (a new major version is never an update: it installs beside the old one),
 * newer than what runs. Modules not installed from a repository are left alone, as the update does.
 */
final class PendingUpdates {

    /** An installed module and the newest version it would be updated to. */
    record Update(String module, String symbolicName, String installed, String available, String publisher,
            List<String> sources) {
    }

    private PendingUpdates() {
    }

    static List<Update> of(List<InstalledModule> installed, List<ModuleVersion> available) {
        List<Update> updates = new ArrayList<>();
        for (InstalledModule module : installed) {
            if (module.publisher() == null) {
                continue;
            }
            Version current = Version.parseVersion(module.version());
            newest(module, current, available).ifPresent(newer -> updates.add(new Update(module.module(),
                    module.symbolicName(), module.version(), newer.version(), newer.publisher(), newer.sources())));
        }
        return updates;
    }

    private static Optional<ModuleVersion> newest(InstalledModule module, Version current,
            List<ModuleVersion> available) {
        ModuleVersion best = null;
        Version bestVersion = current;
        for (ModuleVersion offer : available) {
            if (!offer.symbolicName().equals(module.symbolicName())) {
                continue;
            }
            Version version;
            try {
                version = Version.parseVersion(offer.version());
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            if (version.getMajor() == current.getMajor() && version.compareTo(bestVersion) > 0) {
                best = offer;
                bestVersion = version;
            }
        }
        return Optional.ofNullable(best);
    }
}
