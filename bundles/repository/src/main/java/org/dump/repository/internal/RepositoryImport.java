package org.dump.repository.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.dump.crypto.IndexSignature;
import org.dump.repository.InstallProgress;
import org.dump.repository.ModuleRefusedException;
import org.dump.repository.PublisherTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a publisher's repository (a folder or URL with {@code index.xml}, {@code index.xml.sig} and the bundles
 * beside them) into this node's own: the index only if its signature is a trusted publisher's and it is not older
 * than the one held, each bundle only if its digest and JAR signature check out. A bundle that fails is left out;
 * the others are kept.
 */
final class RepositoryImport {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryImport.class);

    /**
     * What an import took.
     *
     * @param index the checked index
     * @param newer whether the index was newer than the one held, and so taken
     * @param kept bundles checked and kept
     * @param refused why each bundle that was not taken was not
     */
    record Outcome(SignedIndex index, boolean newer, int kept, List<String> refused) {

        Outcome {
            refused = List.copyOf(refused);
        }

        String sentence() {
            return "Index of publisher " + index.publisher().name() + " (increment " + index.increment() + ", "
                    + index.index().resources().size() + " bundle(s)) " + (newer ? "taken" : "was held already")
                    + "; " + kept + " bundle(s) checked and kept" + (refused.isEmpty() ? "" : ", " + refused.size()
                            + " not taken") + ".";
        }
    }

    private final Holdings holdings;
    private final PublisherTrust trust;
    private final RepositoryHttp http;
    private final BundleSources bundles;

    RepositoryImport(Holdings holdings, PublisherTrust trust, RepositoryHttp http, BundleSources bundles) {
        this.holdings = holdings;
        this.trust = trust;
        this.http = http;
        this.bundles = bundles;
    }

    /** @throws ModuleRefusedException if the index cannot be read, does not check out or is older than the held one */
    Outcome take(URI repository, InstallProgress progress) throws ModuleRefusedException {
        URI base = repository.toString().endsWith("/") ? repository : URI.create(repository + "/");
        progress.step("reading the signed index at " + base);
        SignedIndex index = SignedIndex.verify(http.read(base.resolve("index.xml"), RepositoryIndex.MAX_BYTES),
                http.read(base.resolve(IndexSignature.FILE_NAME), 4096), trust, base.toString());
        boolean newer = holdings.adopt(index, base.toString());
        int kept = 0;
        List<String> refused = new ArrayList<>();
        for (IndexResource resource : index.index().resources()) {
            if (holdings.bundle(resource.sha256()).isPresent()) {
                continue;
            }
            Object url = resource.getCapabilities(IndexResource.CONTENT_NAMESPACE).get(0).getAttributes().get("url");
            if (url == null) {
                refused.add(resource.describe() + " has no url in the index");
                continue;
            }
            try {
                bundles.download(base.resolve(url.toString()), resource, index, progress);
                kept++;
            } catch (ModuleRefusedException e) {
                // One bad bundle does not make the others bad; nothing of it is kept.
                LOG.warn("{}", e.getMessage());
                progress.step("refused: " + e.getMessage());
                refused.add(e.getMessage());
            }
        }
        return new Outcome(index, newer, kept, refused);
    }
}
