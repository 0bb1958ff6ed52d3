package org.dump.node.internal.account;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the node's accounts and sign-ins ({@code etc/org.dump.accounts.cfg}). */
@ObjectClassDefinition(name = "DUMP accounts", description = "Rules for the accounts of this node's users.")
public @interface AccountsConfig {

    String PID = "org.dump.accounts";

    @AttributeDefinition(name = "Minimum password length", min = "8")
    int minPasswordLength() default 8;

    @AttributeDefinition(name = "Failed sign-ins before lock-out",
            description = "Failed sign-ins to one account from one source (IP address, IPv6 /64) within 5 minutes "
                    + "after which that source is refused for that account for a while. Other sources still sign in.")
    int maxFailedSignIns() default 5;

    @AttributeDefinition(name = "Failed sign-ins per source",
            description = "Failed sign-ins from one source to any usernames within 5 minutes after which that "
                    + "source is refused for every account for a while.")
    int maxFailedSignInsPerSource() default 20;

    @AttributeDefinition(name = "Lock-out (seconds)", description = "How long a source stays refused.")
    int signInLockoutSeconds() default 60;

    @AttributeDefinition(name = "Password hashes at once", min = "1",
            description = "Argon2id hashes computed at the same time (each takes the memory below); "
                    + "more sign-ins wait for a free one.")
    int passwordHashSlots() default 2;

    @AttributeDefinition(name = "Wait for a password hash (ms)", min = "0",
            description = "How long a sign-in waits for a free hash before it is refused with 503 and Retry-After.")
    int passwordHashWaitMillis() default 2000;

    @AttributeDefinition(name = "Argon2id memory (KiB)", description = "Memory each password hash costs.")
    int passwordMemoryKiB() default 19 * 1024;

    @AttributeDefinition(name = "Argon2id iterations", description = "Passes over that memory.")
    int passwordIterations() default 2;

    @AttributeDefinition(name = "Initial administrator", description = "Made with a random password on first "
            + "start when the node has no account at all; the password is written to "
            + "${karaf.data}/dump/initial-admin-password. Empty for none.")
    String initialAdministrator() default "admin";
}
