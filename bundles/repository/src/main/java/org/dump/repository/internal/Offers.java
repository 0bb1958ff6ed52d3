package org.dump.repository.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Every bundle version of the trusted indexes held, newest first: what an install or update chooses from.
 *
 * @param all the offers, newest first
 */
record Offers(List<Offers.Offer> all) {

    /** One bundle version of a trusted index. */
    record Offer(IndexResource resource, SignedIndex index) {
        Version version() {
            return resource.version();
        }
    }

    Offers {
        all = List.copyOf(all);
    }

    Offers(Collection<SignedIndex> indexes) {
        this(indexes.stream().flatMap(i -> i.index().resources().stream().map(r -> new Offer(r, i)))
                .sorted(Comparator.comparing(Offer::version).reversed()).toList());
    }

    List<Offer> of(String module) {
        return all.stream().filter(o -> module.equals(o.resource().module())).toList();
    }

    /** @return the versions of the module within the range (any if null), newest first */
    List<Offer> of(String module, VersionRange range) {
        return of(module).stream().filter(o -> range == null || range.includes(o.version())).toList();
    }

    /** @return the newest version of the module within the range */
    Optional<Offer> newest(String module, VersionRange range) {
        return of(module, range).stream().findFirst();
    }

    SignedIndex indexOf(IndexResource resource) {
        return all.stream().filter(o -> o.resource() == resource).findFirst().map(Offer::index).orElseThrow();
    }
}
