package org.dump.node.record;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's full-text index of module records (in {@code ${karaf.data}/dump/search}), for its administrators: what
 * it holds, and making a module's part of it again from the database.
 */
@ProviderType
public interface RecordSearchIndex {

    /**
     * @param declared the fields the module declared searchable, as {@code type.field,…}
     * @param ready    whether its searches are answered by the index (else by SQL, while it is being made)
     */
    record ModuleIndex(String declared, boolean ready) {
    }

    /**
     * @param folder  where the index lives, or null if the node has none (every search goes to the database)
     * @param records how many records it holds
     * @param behind  writer batches committed to the database and not yet in the index
     * @param modules the modules that declared searchable fields, by id
     */
    record Status(String folder, int records, long behind, Map<String, ModuleIndex> modules) {

        public Status {
            modules = Map.copyOf(modules);
        }
    }

    Status status();

    /**
     * Makes the index of {@code module} again from the records in the database and waits until it is done; its
     * searches go to the database meanwhile.
     *
     * @return how many records were indexed
     * @throws IllegalArgumentException if the module declared no searchable fields
     */
    int rebuild(String module);
}
