package org.dump.network.sim;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The summary's length counted from the seen set is the length of the request a node writes (§7.2). */
public class SeenSetTest {

    @Test
    public void theCountedSummaryIsAsLongAsTheWrittenOne() throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        String[] origins = NodeIds.draw(7, random);
        java.util.Arrays.sort(origins);
        SeenSet seen = new SeenSet(origins, 0);
        ObjectMapper json = new ObjectMapper();
        for (int step = 0; step < 2000; step++) {
            seen.add(random.nextInt(origins.length), 1 + random.nextInt(step / 10 + 2));
            if (step % 50 == 0 || step > 1990) {
                Map<String, Object> origin = new LinkedHashMap<>();
                for (int o = 0; o < origins.length; o++) {
                    List<long[]> ranges = seen.ranges(o);
                    if (!ranges.isEmpty()) {
                        origin.put(origins[o], new ArrayList<>(ranges));
                    }
                }
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("module", "market");
                summary.put("dataVersion", "1.0.0");
                summary.put("origins", origin);
                assertEquals("after step " + step, json.writeValueAsString(summary).length(), seen.summaryBytes());
            }
        }
    }
}
