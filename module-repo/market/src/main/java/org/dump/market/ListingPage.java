package org.dump.market;

import org.dump.api.web.ModulePage;
import org.osgi.service.component.annotations.Component;

/** The market's page in the node's user interface: the files under /ui of this bundle. */
@Component(service = ModulePage.class)
public final class ListingPage implements ModulePage {

    @Override
    public String name() {
        return "listings";
    }

    @Override
    public String title() {
        return "Market";
    }

    @Override
    public String folder() {
        return "/ui";
    }
}
