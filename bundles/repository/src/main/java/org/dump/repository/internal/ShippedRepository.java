package org.dump.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.dump.crypto.IndexSignature;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the signed repository shipped in the distribution ({@code KARAF_HOME/dump-modules}: the modules of its
 * build, signed by their publisher) into this node's repository, with the checks of any other import (index
 * signature by a trusted publisher, digests, JAR signatures), so that a new node can install the modules of its
 * build offline with nothing else. Nothing is installed by itself. It runs on the repository's threads, off the
 * boot path, and does the work only when the shipped index or its signature changed since they were last taken
 * (their digest is kept beside the holdings). What fails a check is refused and logged; the node runs on.
 */
@Component(service = ShippedRepository.class, immediate = true, configurationPid = RepositorySettings.PID)
public final class ShippedRepository {

    static final String FOLDER = "dump-modules";
    static final String MARKER = "shipped.sha256";
    private static final Logger LOG = LoggerFactory.getLogger(ShippedRepository.class);

    /** What a start made of the shipped modules. */
    enum Outcome {
        /** importShipped is false */
        OFF,
        /** the distribution ships no repository */
        ABSENT,
        /** taken before, and unchanged since */
        UNCHANGED,
        /** the node holds a newer index of the same publisher already */
        NEWER_HELD,
        TAKEN,
        /** all or part of it failed a check, or could not be read */
        REFUSED
    }

    private final NodeRepository repository;
    private final Path folder;
    private volatile boolean enabled;
    private Outcome outcome;

    @Activate
    public ShippedRepository(BundleContext context, @Reference NodeRepository repository,
            RepositorySettings settings) {
        this(repository, home(context).resolve(FOLDER), settings.importShipped());
        start();
    }

    ShippedRepository(NodeRepository repository, Path folder, boolean enabled) {
        this.repository = repository;
        this.folder = folder.toAbsolutePath();
        this.enabled = enabled;
    }

    /** Other settings of the PID change often enough (intervals): no need to start again for them. */
    @Modified
    void modified(RepositorySettings settings) {
        boolean was = enabled;
        enabled = settings.importShipped();
        if (enabled && !was) {
            start();
        }
    }

    private void start() {
        if (enabled) {
            repository.threads().execute(() -> take(InstallProgress.SILENT));
        } else {
            LOG.info("The modules shipped in this distribution ({}) are not taken: importShipped = false in {}",
                    folder, RepositorySettings.PID);
        }
    }

    /** Lets an install wait for the shipped modules, or take them now if that has not begun yet. */
    void await(InstallProgress progress) {
        if (enabled) {
            take(progress);
        }
    }

    /** Takes the shipped modules once per start (later calls return the first outcome). */
    synchronized Outcome take(InstallProgress progress) {
        if (!enabled) {
            return Outcome.OFF;
        }
        if (outcome == null) {
            outcome = takeNow(progress);
        }
        return outcome;
    }

    private Outcome takeNow(InstallProgress progress) {
        Path index = folder.resolve("index.xml");
        if (!Files.isRegularFile(index)) {
            LOG.info("No modules are shipped in this distribution (no {})", index);
            return Outcome.ABSENT;
        }
        Path marker = repository.holdings().directory().resolve(MARKER);
        try {
            String digest = digest(index, folder.resolve(IndexSignature.FILE_NAME));
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(digest)) {
                LOG.debug("The modules shipped in this distribution were taken before and are unchanged");
                return Outcome.UNCHANGED;
            }
            long began = System.nanoTime();
            progress.step("checking the modules shipped in this distribution (" + folder + ")");
            RepositoryImport.Outcome taken = repository.take(folder.toUri(), progress);
            if (!taken.refused().isEmpty()) {
                LOG.warn("Refused part of the modules shipped in this distribution ({}): {}. {}", folder,
                        String.join("; ", taken.refused()), taken.sentence());
                return Outcome.REFUSED;
            }
            Files.writeString(marker, digest + "\n");
            LOG.info("Took the modules shipped in this distribution ({}) into this node's repository in {} ms: {}",
                    folder, (System.nanoTime() - began) / 1_000_000, taken.sentence());
            return Outcome.TAKEN;
        } catch (Holdings.OlderIndexException e) {
            LOG.info("This node holds a newer index than the one shipped in this distribution ({}), and keeps it: {}",
                    folder, e.getMessage());
            writeQuietly(marker, index);
            return Outcome.NEWER_HELD;
        } catch (ModuleRefusedException e) {
            LOG.warn("Refused the modules shipped in this distribution ({}): {}. Nothing of them was taken; the node "
                    + "runs on without them (importShipped = false in {} stops taking them)", folder, e.getMessage(),
                    RepositorySettings.PID);
            return Outcome.REFUSED;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot take the modules shipped in this distribution ({}): {}", folder, e.toString());
            return Outcome.REFUSED;
        }
    }

    private void writeQuietly(Path marker, Path index) {
        try {
            Files.writeString(marker, digest(index, folder.resolve(IndexSignature.FILE_NAME)) + "\n");
        } catch (IOException e) {
            LOG.debug("Cannot write {}", marker, e);
        }
    }

    /** The cheap check: a digest of the shipped index and its signature, a few kilobytes. */
    private static String digest(Path index, Path signature) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(index));
            if (Files.isRegularFile(signature)) {
                sha.update(Files.readAllBytes(signature));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path home(BundleContext context) {
        String home = context.getProperty("karaf.home");
        return Path.of(home == null ? "" : home);
    }
}
