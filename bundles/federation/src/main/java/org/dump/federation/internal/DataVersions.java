package org.dump.federation.internal;

import org.dump.federation.Peer;
import org.dump.node.module.ModuleRegistry;
import org.osgi.framework.Version;

/**
 * Which module data may go where: a module's records travel only between nodes that run the module with the same
 * major data version.
 */
final class DataVersions {

    private DataVersions() {
    }

    /** @return whether this node runs {@code module} in a data version compatible with {@code dataVersion} */
    static boolean runsHere(ModuleRegistry modules, String module, String dataVersion) {
        return modules.find(module).map(m -> compatible(m.dataVersion().toString(), dataVersion)).orElse(false);
    }

    /** @return whether {@code peer} ran {@code module} compatibly with {@code dataVersion} when last contacted */
    static boolean runsAt(Peer peer, String module, String dataVersion) {
        for (String running : peer.modules()) {
            int at = running.indexOf('@');
            if (at > 0 && running.substring(0, at).equals(module)
                    && compatible(running.substring(at + 1), dataVersion)) {
                return true;
            }
        }
        return false;
    }

    static boolean compatible(String a, String b) {
        try {
            return Version.parseVersion(a).getMajor() == Version.parseVersion(b).getMajor();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
