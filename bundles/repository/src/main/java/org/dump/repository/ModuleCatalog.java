package org.dump.repository;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** What modules this node runs and can get, and the repositories it holds. */
@ProviderType
public interface ModuleCatalog {

    /** @return every module version offered by trusted publishers in the indexes this node holds, newest first */
    List<ModuleVersion> available();

    /** @return the module bundles installed on this node */
    List<InstalledModule> installed();

    /**
     * Takes a publisher's repository into this node's own: its signed index and the bundles next to it, each
     * checked. An index older than the one held for the same publisher is refused (a replay).
     *
     * @param repository a folder or an {@code http(s)} or {@code file} URL that holds {@code index.xml} and
     *        {@code index.xml.sig}
     * @return a sentence on what was taken
     */
    String importRepository(URI repository, InstallProgress progress) throws ModuleRefusedException;

    /** Reads the repositories of all peers now instead of at the next round. */
    void readPeers();

    /**
     * Reads the repositories of all peers now, all at once, and tells how the reading of each went as it ends.
     *
     * @return a sentence on the reading: how many peers were read, and those that could not be or served what was
     *         refused
     * @since 1.1
     */
    String readPeers(InstallProgress progress);

    /**
     * @return when the repositories of the peers were last read (at the node's own rounds, by {@link #readPeers},
     *         or by an install that needed to), or empty if not since the node started
     * @since 1.1
     */
    Optional<Instant> peersRead();
}
