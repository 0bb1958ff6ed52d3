package org.dump.node.internal.account;

import java.lang.annotation.Annotation;

/** Component configurations as DS would build them from defaults, with a cheap password hash for speed. */
final class TestConfigs {

    private TestConfigs() {
    }

    static AccountsConfig accounts(int maxFailedSignIns, int lockoutSeconds) {
        return new AccountsConfig() {
            @Override public Class<? extends Annotation> annotationType() { return AccountsConfig.class; }
            @Override public int minPasswordLength() { return 8; }
            @Override public int maxFailedSignIns() { return maxFailedSignIns; }
            @Override public int maxFailedSignInsPerSource() { return 20; }
            @Override public int passwordHashSlots() { return 2; }
            @Override public int passwordHashWaitMillis() { return 2000; }
            @Override public int signInLockoutSeconds() { return lockoutSeconds; }
            @Override public int passwordMemoryKiB() { return 64; }
            @Override public int passwordIterations() { return 1; }
            @Override public String initialAdministrator() { return "admin"; }
        };
    }

    static JpaProfileService.Config profiles(int maxAvatarBytes, int maxAvatarPixels) {
        return new JpaProfileService.Config() {
            @Override public Class<? extends Annotation> annotationType() { return JpaProfileService.Config.class; }
            @Override public int maxAvatarBytes() { return maxAvatarBytes; }
            @Override public int maxAvatarPixels() { return maxAvatarPixels; }
            @Override public int maxBioLength() { return 50; }
        };
    }
}
