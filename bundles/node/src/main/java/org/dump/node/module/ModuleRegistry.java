package org.dump.node.module;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/** Which modules run on this node, and which bundle is which module. */
@ProviderType
public interface ModuleRegistry {

    /** @return the running modules, by id */
    List<RunningModule> running();

    /** @return the running module with that id */
    Optional<RunningModule> find(String id);

    /**
     * @return the module that {@code bundle} provides, if it declares one, is starting or active, and no other
     *         bundle already runs a module of the same id
     */
    Optional<RunningModule> moduleOf(Bundle bundle);
}
