package org.dump.shell.internal;

import java.net.URI;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dump.repository.ModuleCatalog;
import org.dump.repository.ModuleRefusedException;

/** {@code dump:repository-import FOLDER|URL}: takes a publisher's signed repository into this node's own. */
@Service
@Command(scope = "dump", name = "repository-import", description = "Takes a publisher's signed repository (index.xml, "
        + "index.xml.sig and the bundles beside them) into this node's repository, which the node serves to its "
        + "peers. The index must be signed by a trusted publisher and newer than the one held; each bundle is checked.")
public class RepositoryImportCommand implements Action {

    @Argument(index = 0, name = "repository", required = true,
            description = "A folder, or an http(s): or file: URL of one, e.g. module-repo/repository/target/repository")
    String repository;

    @Reference
    ModuleCatalog catalog;

    @Override
    public Object execute() throws ModuleRefusedException {
        String where = repository.strip();
        URI uri = where.matches("^(https?|file):.*") ? URI.create(where) : Path.of(where).toAbsolutePath().toUri();
        System.out.println(catalog.importRepository(uri, new InstallProgressLines()));
        return null;
    }
}
