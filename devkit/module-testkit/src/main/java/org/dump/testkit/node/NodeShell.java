package org.dump.testkit.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * A node's Karaf shell over SSH, as {@code ssh -p PORT admin@127.0.0.1 'dump:status'} would reach it: the shell an
 * administrator types into, without a JVM started for every command as {@code bin/client} does.
 */
final class NodeShell {

    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final int ATTEMPTS = 3;
    private static SshClient client;

    private NodeShell() {
    }

    /** What a command printed, and Karaf's exit status (0: it ran without error). */
    record Answer(String command, int exitStatus, String output) {
    }

    /**
     * Runs {@code command} as {@code user}; again, up to three times, when the shell could not be reached or the SSH
     * session of a freshly started node closed before the command ran (it did nothing then).
     */
    static Answer run(int port, String user, String password, String command) throws InterruptedException {
        Answer answer = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            answer = once(port, user, password, command);
            boolean notRun = answer.exitStatus() == UNREACHED || answer.output().strip().equals("Session is being closed");
            if (!notRun) {
                return answer;
            }
            Thread.sleep(2000);
        }
        return answer;
    }

    /** The exit status of a command that never reached the shell. */
    static final int UNREACHED = -2;

    private static Answer once(int port, String user, String password, String command) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ClientSession session;
        try {
            session = client().connect(user, "127.0.0.1", port).verify(CONNECT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(CONNECT);
        } catch (IOException e) {
            return new Answer(command, UNREACHED, e.toString());
        }
        try (session; ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(output);
            channel.setErr(output);
            channel.open().verify(CONNECT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), COMMAND);
            Integer exit = channel.getExitStatus();
            return new Answer(command, exit == null ? -1 : exit, output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(command, -1, output.toString(StandardCharsets.UTF_8) + e);
        }
    }

    private static synchronized SshClient client() {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE); // each node makes its own host key
            client.start();
        }
        return client;
    }
}
