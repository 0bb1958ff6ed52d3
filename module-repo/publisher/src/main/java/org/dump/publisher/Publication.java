package org.dump.publisher;

import java.nio.file.Path;
import java.util.List;

/**
 * What a publication left in the repository folder.
 *
 * @param repository the folder
 * @param increment  the new index's increment
 * @param published  the bundles signed by this publication
 * @param indexed    every bundle the index lists: earlier publications' that are still there, and these
 */
public record Publication(Path repository, long increment, List<Path> published, List<Path> indexed) {

    public Publication {
        published = List.copyOf(published);
        indexed = List.copyOf(indexed);
    }
}
