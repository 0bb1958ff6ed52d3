package org.dump.repository;

import java.util.List;

/**
 * What an install, update or uninstall did.
 *
 * @param summary one sentence for the administrator
 * @param installed bundles installed, as {@code symbolicName version}
 * @param updated bundles updated, as {@code symbolicName old -> new}
 * @param uninstalled bundles uninstalled
 * @param restarted bundles that the framework stopped and started again (the refresh), the changed ones included
 */
public record ModuleChange(String summary, List<String> installed, List<String> updated, List<String> uninstalled,
        List<String> restarted) {

    public ModuleChange {
        installed = List.copyOf(installed);
        updated = List.copyOf(updated);
        uninstalled = List.copyOf(uninstalled);
        restarted = List.copyOf(restarted);
    }

    /** @return a change that changed nothing, with its reason */
    public static ModuleChange none(String why) {
        return new ModuleChange(why, List.of(), List.of(), List.of(), List.of());
    }

    /** @return whether anything was changed */
    public boolean changed() {
        return !installed.isEmpty() || !updated.isEmpty() || !uninstalled.isEmpty();
    }
}
