package org.dump.node.account;

import java.util.Locale;

/** What an account may do on its node. Every account is a {@link #USER}; some are also {@link #ADMIN}. */
public enum Role {
    /** Signs in, keeps a profile, uses the modules. */
    USER,
    /** Also manages accounts and the node. */
    ADMIN;

    /** @return the lower-case name used in JSON, configuration and the shell */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidInputException if {@code label} names no role
     */
    public static Role fromLabel(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return role;
            }
        }
        throw new InvalidInputException("roles", "unknown role '" + label + "': use 'user' or 'admin'");
    }
}
