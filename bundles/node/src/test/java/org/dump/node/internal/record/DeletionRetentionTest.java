package org.dump.node.internal.record;

import static org.junit.Assert.assertEquals;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.osgi.framework.Constants;

/** Which setting says how long deletions are kept, now that it has a configuration of its own. */
public class DeletionRetentionTest {

    private static final Map<String, Object> NO_CONFIGURATION = Map.of(DeletionRetention.RETENTION, 14);
    private static final Map<String, Object> CONFIGURED = Map.of(DeletionRetention.RETENTION, 7,
            Constants.SERVICE_PID, DeletionRetention.PID);

    @Test
    public void withoutAnySettingDeletionsAreKeptTwoWeeks() {
        assertEquals(Duration.ofDays(14), DeletionRetention.retention(days(14), NO_CONFIGURATION, Optional.empty()));
    }

    @Test
    public void theFormerSettingCountsUntilTheNewPidIsConfigured() {
        Optional<Integer> former = DeletionRetention.retentionDaysIn(Map.of("maxPayloadBytes", 1024,
                DeletionRetention.RETENTION, "30"));
        assertEquals(Optional.of(30), former);
        assertEquals(Duration.ofDays(30), DeletionRetention.retention(days(14), NO_CONFIGURATION, former));
        assertEquals(Duration.ofDays(7), DeletionRetention.retention(days(7), CONFIGURED, former));
    }

    @Test
    public void aFormerSettingThatIsNoNumberIsIgnoredAndNoneIsNegative() {
        assertEquals(Optional.empty(), DeletionRetention.retentionDaysIn(Map.of(DeletionRetention.RETENTION, "x")));
        assertEquals(Optional.empty(), DeletionRetention.retentionDaysIn(Map.of("maxPayloadBytes", 1024)));
        assertEquals(Duration.ZERO, DeletionRetention.retention(days(-3), CONFIGURED, Optional.of(30)));
    }

    private static DeletionRetention.Config days(int days) {
        return new DeletionRetention.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DeletionRetention.Config.class;
            }

            @Override
            public int deletedRetentionDays() {
                return days;
            }
        };
    }
}
