package org.dump.federation.internal;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dump.node.record.RecordInventory.Range;

import com.fasterxml.jackson.core.JsonProcessingException;

/** The body of {@code POST /federation/announce} (§7.8), as {@link AnnounceEndpoint} reads it. */
final class Announcements {

    private Announcements() {
    }

    /** @param byModule module@dataVersion → origin → ranges, as {@link AnnouncementQueues#take} gives them */
    static byte[] body(Map<String, Map<String, List<Range>>> byModule) {
        List<Map<String, Object>> announcements = new ArrayList<>();
        byModule.forEach((key, ranges) -> {
            int at = key.lastIndexOf('@');
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("module", key.substring(0, at));
            one.put("dataVersion", key.substring(at + 1));
            one.put("have", Ranges.toPairs(ranges));
            announcements.add(one);
        });
        try {
            return FederationJson.MAPPER.writeValueAsBytes(Map.of("announcements", announcements));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
