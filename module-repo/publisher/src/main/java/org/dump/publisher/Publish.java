package org.dump.publisher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the publisher tool:
 *
 * <pre>
 * Publish --keystore FILE [--storepass PASS] [--alias publisher] [--name NAME] [--generate-dev-key] --out DIR BUNDLE.jar...
 * </pre>
 *
 * The work is {@link RepositoryPublisher}'s; this class only reads arguments and reports.
 */
public final class Publish {

    /** Where the keystore password is read when {@code --storepass} is not given (keeps it out of process lists). */
    public static final String STOREPASS_VARIABLE = "DUMP_PUBLISHER_STOREPASS";

    static final String USAGE = """
            Usage: Publish --keystore FILE [--storepass PASS] [--alias ALIAS] [--name NAME] [--generate-dev-key]
                           --out DIR BUNDLE.jar...

            Signs each bundle with the publisher's Ed25519 key and publishes it into DIR as
            <Bundle-SymbolicName>-<Bundle-Version>.jar, next to the bundles of earlier publications there; writes
            DIR/index.xml (OSGi R5, SHA-256), DIR/index.xml.sig, DIR/publisher.key and DIR/trust.cfg.

              --keystore FILE      PKCS#12 keystore with the publisher's Ed25519 key
                                   (keytool -genkeypair -keyalg Ed25519 -storetype PKCS12 ...)
              --storepass PASS     its password; default: the environment variable DUMP_PUBLISHER_STOREPASS
              --alias ALIAS        the key's alias in the keystore (default: publisher)
              --name NAME          the publisher's name in trust.cfg (default: the alias;
                                   dump-development for a development key)
              --generate-dev-key   if FILE does not exist, create it with a new DEVELOPMENT key (NOT FOR PRODUCTION)
              --out DIR            the repository folder
            """;

    private Publish() {
    }

    public static void main(String[] args) {
        // bnd logs through SLF4J; its informational chatter is not for a publisher's eyes.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, System.getenv(STOREPASS_VARIABLE), System.out, System.err));
    }

    /**
     * @param storepassFromEnvironment the password to use when {@code --storepass} is absent; null if none
     * @return the exit status: 0 published, 1 publishing failed, 2 wrong arguments
     */
    static int run(String[] args, String storepassFromEnvironment, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args, storepassFromEnvironment);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        }
        if (arguments == null) {
            out.print(USAGE);
            return 0;
        }
        try {
            Publisher publisher = publisher(arguments, out);
            if (publisher.development()) {
                out.println("WARNING: signing with the DEVELOPMENT publisher key in " + arguments.keystore
                        + " - NOT FOR PRODUCTION");
            }
            Publication publication = new RepositoryPublisher(publisher).publish(arguments.out, arguments.bundles);
            report(publication, publisher, out);
            return 0;
        } catch (PublicationException | IOException | GeneralSecurityException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static Publisher publisher(Arguments arguments, PrintStream out)
            throws IOException, GeneralSecurityException {
        if (!Files.exists(arguments.keystore)) {
            if (!arguments.generateDevKey) {
                throw new IOException("keystore " + arguments.keystore + " does not exist (--generate-dev-key makes"
                        + " a development key there)");
            }
            Publisher.createDevelopmentKeystore(arguments.keystore, arguments.storepass, arguments.alias);
            out.println("****************************************************************************************");
            out.println("* Generated a DEVELOPMENT publisher key - NOT FOR PRODUCTION:");
            out.println("*   " + arguments.keystore);
            out.println("* Nodes that trust it install whatever its holder signs. Publish real modules with a key");
            out.println("* of your own: --keystore YOUR.p12 (keytool -genkeypair -keyalg Ed25519 -storetype PKCS12)");
            out.println("****************************************************************************************");
        }
        try {
            return Publisher.fromKeystore(arguments.keystore, arguments.storepass, arguments.alias, arguments.name);
        } catch (UnrecoverableKeyException e) {
            throw new UnrecoverableKeyException(e.getMessage() + " (--storepass or "
                    + STOREPASS_VARIABLE + ")");
        }
    }

    private static void report(Publication publication, Publisher publisher, PrintStream out) {
        out.println("Published " + publication.published().size() + " bundle(s) into " + publication.repository()
                + " as publisher '" + publisher.name() + "' (key " + publisher.keyPair().publicKey().fingerprint()
                + "), index increment " + publication.increment() + ":");
        for (Path bundle : publication.indexed()) {
            out.println((publication.published().contains(bundle) ? "  signed  " : "  kept    ")
                    + bundle.getFileName());
        }
    }

    /** The command line, read. */
    private static final class Arguments {

        Path keystore;
        char[] storepass;
        String alias = "publisher";
        String name;
        boolean generateDevKey;
        Path out;
        final List<Path> bundles = new ArrayList<>();

        /** @return the arguments, or null when help was asked for */
        static Arguments parse(String[] args, String storepassFromEnvironment) {
            Arguments parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        return null;
                    }
                    case "--keystore" -> parsed.keystore = Path.of(value(args, ++i, arg));
                    case "--storepass" -> parsed.storepass = value(args, ++i, arg).toCharArray();
                    case "--alias" -> parsed.alias = value(args, ++i, arg);
                    case "--name" -> parsed.name = value(args, ++i, arg);
                    case "--generate-dev-key" -> parsed.generateDevKey = true;
                    case "--out" -> parsed.out = Path.of(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        parsed.bundles.add(Path.of(arg));
                    }
                }
            }
            if (parsed.storepass == null && storepassFromEnvironment != null && !storepassFromEnvironment.isEmpty()) {
                parsed.storepass = storepassFromEnvironment.toCharArray();
            }
            if (parsed.keystore == null) {
                throw new IllegalArgumentException("--keystore is missing");
            }
            if (parsed.storepass == null) {
                throw new IllegalArgumentException("no keystore password: give --storepass or set "
                        + STOREPASS_VARIABLE);
            }
            if (parsed.out == null) {
                throw new IllegalArgumentException("--out is missing");
            }
            if (parsed.bundles.isEmpty()) {
                throw new IllegalArgumentException("no bundles given");
            }
            return parsed;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length || args[index].isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
