package org.dump.itests.support;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Assume;

/**
 * A small file system of the test's own, to fill up: an ext4 image mounted through a loop device (the errors of a
 * real disk: ENOSPC from the block allocator), or tmpfs where mkfs.ext4 is missing. Needs root, as the machines of
 * the itests and CI run. {@link #close} unmounts it and removes the image, also after a failed test;
 * {@link #unmountLeftovers} cleans up after a run that was killed before it could.
 */
public final class SmallDisk implements AutoCloseable {

    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final List<String> MKFS = List.of("/usr/sbin/mkfs.ext4", "/sbin/mkfs.ext4");
    private static final int CHUNK = 1024 * 1024;

    private final Path root;
    private final Path image;
    private final Path filler;

    private SmallDisk(Path root, Path image) {
        this.root = root;
        this.image = image;
        this.filler = root.resolve("filler");
    }

    /** Skips the calling test (with a WARNING) unless this process may mount file systems. */
    public static void assumeAvailable() {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean mount = new File("/usr/bin/mount").canExecute() || new File("/bin/mount").canExecute();
        if (!root || !mount) {
            System.err.println("WARNING: the disk-full test is skipped: it mounts a small file system of its own, "
                    + "which needs root and mount");
        }
        Assume.assumeTrue(root && mount);
    }

    /** Makes and mounts a file system of {@code megabytes} MiB at {@code dir}/disk, its image beside it. */
    public static SmallDisk mount(Path dir, int megabytes) throws IOException {
        Path root = Files.createDirectories(dir.resolve("disk"));
        Path image = dir.resolve("disk.img");
        SmallDisk disk = new SmallDisk(root, image);
        String mkfs = MKFS.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
        if (mkfs != null) {
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(megabytes * 1024L * 1024L);
            }
            // -m 0: no blocks kept for root, which the node runs as here; free space is then what the node can use.
            run(mkfs, "-q", "-F", "-m", "0", image.toString());
            run("mount", "-o", "loop", image.toString(), root.toString());
        } else {
            run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", root.toString());
        }
        return disk;
    }

    /** @return where the file system is mounted */
    public Path root() {
        return root;
    }

    /** @return the bytes free on the file system now */
    public long free() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /** Fills the file system up with a file of its own, to the last block. @return the bytes it holds */
    public long fill() throws IOException {
        long written = 0;
        byte[] zeros = new byte[CHUNK];
        try (FileOutputStream out = new FileOutputStream(filler.toFile(), true)) {
            for (int chunk = CHUNK; chunk >= 4096; chunk /= 16) {
                try {
                    while (true) {
                        out.write(zeros, 0, chunk);
                        written += chunk;
                    }
                } catch (IOException full) {
                    // No room for a chunk this size: smaller ones fill what is left.
                }
            }
            try {
                out.getFD().sync();
            } catch (IOException full) {
                // Written is what counts; what the cache holds is on the disk's account already.
            }
        }
        return written;
    }

    /** Removes what {@link #fill} wrote: the file system has room again. */
    public void release() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Unmounts the file system (lazily, if a process still holds a file on it) and removes its image. */
    @Override
    public void close() throws IOException {
        unmount(root);
        Files.deleteIfExists(image);
    }

    /**
     * Unmounts what runs killed before their {@link #close} left mounted under {@code target}, in directories
     * whose names start with {@code prefix}: before those directories are removed.
     */
    public static void unmountLeftovers(Path target, String prefix) throws IOException {
        Path mounts = Path.of("/proc/self/mounts");
        if (!Files.isReadable(mounts)) {
            return;
        }
        String under = target.toAbsolutePath().normalize() + "/" + prefix;
        for (String line : Files.readAllLines(mounts, StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && fields[1].startsWith(under)) {
                unmount(Path.of(fields[1]));
            }
        }
    }

    private static void unmount(Path point) {
        Commands.Result result = Commands.run(List.of("umount", point.toString()), new File("/"), Map.of(), null,
                COMMAND);
        if (result.exitCode() != 0 && !result.output().contains("not mounted")) {
            Commands.run(List.of("umount", "-l", point.toString()), new File("/"), Map.of(), null, COMMAND);
        }
    }

    private static void run(String... command) {
        Commands.Result result = Commands.run(new ArrayList<>(List.of(command)), new File("/"), Map.of(), null,
                COMMAND);
        assertEquals(result.toString(), 0, result.exitCode());
    }
}
