package org.dump.jetty.errors;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The addresses of the reverse proxies whose {@code X-Forwarded-*} headers the node believes: single addresses or CIDR
 * blocks, IPv4 or IPv6, as {@code dump.http.trustedProxies} lists them (comma-separated). Nothing is looked up in DNS:
 * an entry that is no address literal is refused, and so trusted nowhere.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Block> blocks = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    /** @param list comma-separated addresses and CIDR blocks; empty or null trusts no one */
    public TrustedProxies(String list) {
        for (String entry : (list == null ? "" : list).split(",")) {
            String trimmed = entry.strip();
            if (!trimmed.isEmpty()) {
                block(trimmed).ifPresentOrElse(blocks::add, () -> refused.add(trimmed));
            }
        }
    }

    /** @return whether no proxy is trusted (the default): forwarded headers are then ignored from everyone */
    public boolean none() {
        return blocks.isEmpty();
    }

    /** @return the entries that are no address or CIDR block, for the log */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    /** @return whether {@code address} is one of the trusted proxies */
    public boolean trusts(InetAddress address) {
        return address != null && blocks.stream().anyMatch(block -> block.contains(address));
    }

    /**
     * @param literal an IP address as written (IPv6 optionally in brackets), never a host name
     * @return the address; empty when {@code literal} is no address literal (nothing is looked up)
     */
    public static Optional<InetAddress> address(String literal) {
        String bare = literal.strip();
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        if (IPV4.matcher(bare).matches()) {
            for (String part : bare.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: no lookup
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return Optional.empty();
        }
    }

    private static Optional<Block> block(String entry) {
        int slash = entry.indexOf('/');
        Optional<InetAddress> address = address(slash < 0 ? entry : entry.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Block(address.get().getAddress(), prefix));
    }

    /** A CIDR block: the first {@code prefix} bits of {@code network}. */
    private record Block(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false; // an IPv4 block holds no IPv6 address, and the other way round
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
