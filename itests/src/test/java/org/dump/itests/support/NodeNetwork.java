package org.dump.itests.support;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A LAN of Linux network namespaces, one a node, so that nodes can be cut off from each other while they run and
 * while the test still reaches every one. Needs root, and {@code ip} (iproute2) only.
 *
 * <p>How it is made: a bridge {@code PREFIX-br} in the root namespace holds {@code 10.224.SUBNET.1/24}, the test
 * JVM's address in the LAN. Each {@link #host} is a namespace {@code PREFIX-NAME} with its loopback up (Karaf's SSH
 * shell and JMX listen there) and a veth pair: {@code eth0} inside, with the next free address of the /24, and
 * {@code PREFIX-NAME-h} in the root namespace, a port of the bridge. Each namespace has its own port space; the test
 * reaches a node at its address.
 *
 * <p>How a {@link #partition} cuts: in every namespace of either side, each address of the other side gets a
 * permanent neighbour entry with a MAC address nobody has. Frames to it are flooded by the bridge and dropped by
 * every interface, silently: a peer on the other side vanishes as a powered-off machine does (connections time out,
 * nothing is refused), and open connections stall. Traffic with the test JVM (the bridge's address) is untouched.
 * tc would be the usual tool, but this kernel has no drop action ({@code act_gact}) to load; the neighbour entries
 * need none. {@link #heal} deletes them, after which ARP finds the real addresses again.
 *
 * <p>How {@link #behindNat} walls a host in, as a home router does: an nftables table {@value #NAT_TABLE} in its
 * namespace drops every new inbound TCP connection (its SYN, silently: the dialler times out) except from its own
 * loopback and from the bridge's address, the test JVM, which stands for the owner's own machine on the LAN.
 * Answers to the host's own outbound connections are established ones and pass. {@link #openNat} removes the table.
 *
 * <p>{@link #close} deletes every namespace and the bridge (the veth pairs go with their namespaces); a new network
 * first deletes whatever a run that was killed left under the same prefix. Processes still inside a namespace are
 * not killed here: the nodes are stopped by {@link NodeDistribution#close} first.
 */
public final class NodeNetwork implements AutoCloseable {

    /** A MAC address that is locally administered and unicast, and that no interface here has. */
    private static final String NOBODY = "02:00:5e:00:de:ad";
    private static final Duration IP = Duration.ofSeconds(20);
    /** The nftables table of {@link #behindNat}, one a namespace. */
    static final String NAT_TABLE = "dump_nat";
    /** The nftables table of {@link #impair}. */
    static final String LOSS_TABLE = "dump_loss";

    private final String prefix;
    private final String subnet;
    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();
    private final List<String[]> cuts = new ArrayList<>();

    /** A namespace and the address of its {@code eth0}. */
    public record Host(String namespace, String address) {

        /** @return the words that run a command inside this namespace */
        public List<String> launcher() {
            return List.of("ip", "netns", "exec", namespace);
        }
    }

    /**
     * @param prefix of the namespaces and interfaces (a few letters: interface names have at most 15 characters)
     * @param subnet the third number of {@code 10.224.SUBNET.0/24}
     */
    public NodeNetwork(String prefix, int subnet) {
        this.prefix = prefix;
        this.subnet = "10.224." + subnet + ".";
        this.bridge = prefix + "-br";
        deleteEarlierRuns();
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", this.subnet + "1/24", "dev", bridge);
        ip("link", "set", bridge, "up");
    }

    /** @return whether namespaces can be made here (root, or CAP_NET_ADMIN, and iproute2): tried with one */
    public static boolean available(String prefix) {
        try {
            boolean made = run(List.of("ip", "netns", "add", prefix + "-probe")).exitCode() == 0;
            run(List.of("ip", "netns", "del", prefix + "-probe"));
            return made;
        } catch (RuntimeException e) {
            return false; // no ip command
        }
    }

    /** @return whether {@code command --version} runs here, e.g. nft and tcpdump, which not every machine has */
    public static boolean installed(String command) {
        try {
            return run(List.of(command, "--version")).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return the test JVM's address in this network (the bridge's) */
    public String gateway() {
        return subnet + "1";
    }

    /** Makes a namespace {@code PREFIX-NAME} with the next free address, reachable from the root namespace. */
    public synchronized Host host(String name) {
        Host host = new Host(prefix + "-" + name, subnet + (hosts.size() + 2));
        String outside = host.namespace() + "-h";
        ip("netns", "add", host.namespace());
        ip("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", host.namespace());
        ip("link", "set", outside, "master", bridge, "up");
        ip("-n", host.namespace(), "link", "set", "lo", "up");
        ip("-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", "eth0");
        ip("-n", host.namespace(), "link", "set", "eth0", "up");
        hosts.add(host);
        return host;
    }

    /** Cuts every host of {@code side} off from every host of {@code others}, both ways, until {@link #heal}. */
    public synchronized void partition(Collection<Host> side, Collection<Host> others) {
        for (Host a : side) {
            for (Host b : others) {
                cut(a, b);
                cut(b, a);
            }
        }
    }

    /** Undoes every {@link #partition}. */
    public synchronized void heal() {
        for (String[] cut : cuts) {
            ip("-n", cut[0], "neigh", "del", cut[1], "dev", "eth0");
        }
        cuts.clear();
    }

    /**
     * Puts {@code host} behind NAT: no new TCP connection comes in any more but from its loopback and from the
     * {@link #gateway}; its own outbound connections, and their answers, pass. Needs nftables ({@code nft}).
     */
    public synchronized void behindNat(Host host) {
        String wall = "table inet " + NAT_TABLE + " {\n"
                + "  chain input {\n"
                + "    type filter hook input priority filter; policy accept;\n"
                + "    iif \"lo\" accept\n"
                + "    ip saddr " + gateway() + " accept\n"
                + "    meta l4proto tcp ct state new drop\n"
                + "  }\n"
                + "}\n";
        List<String> nft = new ArrayList<>(host.launcher());
        nft.addAll(List.of("nft", "-f", "-"));
        Commands.Result result = Commands.run(nft, new File("/"), Map.of(), wall, IP);
        assertEquals(result.toString(), 0, result.exitCode());
    }

    /** Takes {@code host} out from behind NAT ({@link #behindNat}): every connection comes in again. */
    public synchronized void openNat(Host host) {
        List<String> nft = new ArrayList<>(host.launcher());
        nft.addAll(List.of("nft", "delete", "table", "inet", NAT_TABLE));
        Commands.Result result = run(nft);
        assertEquals(result.toString(), 0, result.exitCode());
    }

    /**
     * Makes {@code host}'s link poor: each packet in or out is lost with {@code lossPercent} % chance (nftables
     * {@code numgen random}), and each direction carries at most {@code rate} (tc {@code tbf}, e.g. "1mbit"). Delay
     * and reordering need tc's netem, which not every kernel has (this one's does not). Undone by {@link #repair}.
     */
    public synchronized void impair(Host host, int lossPercent, String rate) {
        String loss = "numgen random mod 100 < " + lossPercent + " drop\n";
        String rules = "table inet " + LOSS_TABLE + " {\n"
                + "  chain input {\n    type filter hook input priority filter; policy accept;\n"
                + "    iif \"lo\" accept\n    " + loss + "  }\n"
                + "  chain output {\n    type filter hook output priority filter; policy accept;\n"
                + "    oif \"lo\" accept\n    " + loss + "  }\n"
                + "}\n";
        List<String> nft = new ArrayList<>(host.launcher());
        nft.addAll(List.of("nft", "-f", "-"));
        Commands.Result result = Commands.run(nft, new File("/"), Map.of(), rules, IP);
        assertEquals(result.toString(), 0, result.exitCode());
        String[] tbf = {"root", "tbf", "rate", rate, "burst", "32kbit", "latency", "400ms"};
        List<String> out = new ArrayList<>(List.of("tc", "-n", host.namespace(), "qdisc", "add", "dev", "eth0"));
        out.addAll(List.of(tbf));
        assertEquals(0, run(out).exitCode());
        List<String> in = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", host.namespace() + "-h"));
        in.addAll(List.of(tbf));
        assertEquals(0, run(in).exitCode());
    }

    /** Undoes {@link #impair}. */
    public synchronized void repair(Host host) {
        List<String> nft = new ArrayList<>(host.launcher());
        nft.addAll(List.of("nft", "delete", "table", "inet", LOSS_TABLE));
        assertEquals(0, run(nft).exitCode());
        assertEquals(0, run(List.of("tc", "-n", host.namespace(), "qdisc", "del", "dev", "eth0", "root")).exitCode());
        assertEquals(0, run(List.of("tc", "qdisc", "del", "dev", host.namespace() + "-h", "root")).exitCode());
    }

    /** @return the TCP segments {@code host} has sent again so far ({@code RetransSegs}): what its losses cost */
    public long retransmittedSegments(Host host) {
        List<String> snmp = new ArrayList<>(host.launcher());
        snmp.addAll(List.of("cat", "/proc/net/snmp"));
        List<String[]> tcp = run(snmp).output().lines().filter(line -> line.startsWith("Tcp:"))
                .map(line -> line.split("\\s+")).toList();
        int column = List.of(tcp.get(0)).indexOf("RetransSegs");
        return Long.parseLong(tcp.get(1)[column]);
    }

    /**
     * @return whether a TCP connection from inside {@code from} to {@code to}'s {@code port} opens within three
     *         seconds: the check that a cut cuts, and that a heal heals
     */
    public boolean reaches(Host from, Host to, int port) {
        List<String> connect = new ArrayList<>(from.launcher());
        connect.addAll(List.of("timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + to.address() + "/" + port));
        return Commands.run(connect, new File("/"), Map.of(), null, IP).exitCode() == 0;
    }

    @Override
    public synchronized void close() {
        cuts.clear();
        for (Host host : hosts) {
            // The veth pair first: a namespace outlives its deletion while anything still holds it (a socket that
            // a killed process left closing, seen after a capture), and its pair's names would clash next time.
            run(List.of("ip", "link", "del", host.namespace() + "-h"));
            run(List.of("ip", "netns", "del", host.namespace()));
        }
        hosts.clear();
        run(List.of("ip", "link", "del", bridge));
    }

    private void cut(Host in, Host away) {
        ip("-n", in.namespace(), "neigh", "replace", away.address(), "lladdr", NOBODY, "dev", "eth0", "nud",
                "permanent");
        cuts.add(new String[] {in.namespace(), away.address()});
    }

    private void deleteEarlierRuns() {
        String namespaces = run(List.of("ip", "netns", "list")).output();
        for (String line : namespaces.lines().toList()) {
            String namespace = line.split("\\s+")[0];
            if (namespace.startsWith(prefix + "-")) {
                run(List.of("ip", "netns", "del", namespace));
            }
        }
        run(List.of("ip", "link", "del", bridge)); // fails, harmlessly, when there is none
        // The kernel removes a deleted namespace's veth pairs a little later, or never while something holds the
        // namespace: delete what is left of them, and wait, or their names would clash.
        long deadline = System.nanoTime() + IP.toNanos();
        List<String> left;
        while (!(left = leftLinks()).isEmpty() && System.nanoTime() < deadline) {
            left.forEach(link -> run(List.of("ip", "link", "del", link)));
        }
    }

    /** @return the interfaces in the root namespace whose names begin with this network's prefix */
    private List<String> leftLinks() {
        return run(List.of("ip", "-br", "link")).output().lines().map(line -> line.split("[\\s@]+")[0])
                .filter(name -> name.startsWith(prefix + "-")).toList();
    }

    private static void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Commands.Result result = run(command);
        assertEquals(result.toString(), 0, result.exitCode());
    }

    private static Commands.Result run(List<String> command) {
        return Commands.run(command, new File("/"), Map.of(), null, IP);
    }
}
