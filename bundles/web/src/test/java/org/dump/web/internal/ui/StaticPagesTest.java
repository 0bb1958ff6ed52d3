package org.dump.web.internal.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * The node's pages are served from a fixed list of files: a script added to src/main/resources/ui but not to the
 * list would answer 404 in the browser only, so this test keeps the two in step.
 */
public class StaticPagesTest {

    @Test
    public void everyFileOfTheUiFolderIsServedAndNothingElse() throws IOException {
        Set<String> files;
        try (Stream<Path> folder = Files.list(Path.of("src/main/resources/ui"))) {
            files = folder.map(file -> "/" + file.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(StaticPages.FILES.keySet()));
        for (String file : files) {
            assertNotNull(file + " is in the bundle", StaticPages.class.getResource("/ui" + file));
        }
    }
}
