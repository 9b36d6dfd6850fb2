package dev.lakehouse.trino;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The self-signed certificate Trino serves HTTPS with when the lakehouse is open to a network: Trino's clients (JDBC,
 * the CLI) send a password only over TLS. Made once into {@code <data-dir>/trino/} with the JDK's keytool (for the bind
 * address, loopback and this host's name) and kept across restarts, so a client that trusts {@code https.pem} keeps
 * trusting it; made again when the bind address changes.
 *
 * @param keyStore the PKCS12 key store Trino serves from
 * @param certificate the certificate alone, PEM: what clients trust (SSLTrustStorePath, --truststore-path)
 */
record HttpsCertificate(Path keyStore, Path certificate) {
    /** Protects the key store's entry; the file itself is readable by its owner only. */
    static final String KEY_STORE_PASSWORD = "lakehouse";

    static HttpsCertificate forAddress(Path dataDir, String address) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(dataDir.resolve("trino"));
        Files.writeString(dir.resolve("password-authenticator.properties"), "# Written at every start: the lakehouse binds its password"
                + " authenticator itself (any user name, the password trino.password)\npassword-authenticator.name=lakehouse\n");
        HttpsCertificate made = new HttpsCertificate(dir.resolve("https.p12"), dir.resolve("https.pem"));
        Path madeFor = dir.resolve("https.address");
        if (Files.isRegularFile(made.keyStore) && Files.isRegularFile(made.certificate) && Files.isRegularFile(madeFor)
                && Files.readString(madeFor).strip().equals(address)) {
            return made;
        }
        Files.deleteIfExists(made.keyStore);
        Files.deleteIfExists(made.certificate);
        keytool("-genkeypair", "-alias", "trino", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=lakehouse", "-ext", "SAN=" + subjectAlternativeNames(address),
                "-keystore", made.keyStore.toString(), "-storetype", "PKCS12", "-storepass", KEY_STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "trino", "-keystore", made.keyStore.toString(), "-storepass", KEY_STORE_PASSWORD,
                "-file", made.certificate.toString());
        Files.setPosixFilePermissions(made.keyStore, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(madeFor, address);
        return made;
    }

    /** The address itself (an IP), loopback, and this host's name: what clients may type. */
    private static String subjectAlternativeNames(String address) {
        List<String> names = new ArrayList<>();
        boolean wildcard = address.equals("0.0.0.0") || address.equals("::");
        if (!wildcard) {
            names.add((Character.isDigit(address.charAt(0)) || address.contains(":") ? "ip:" : "dns:") + address);
        }
        names.add("ip:127.0.0.1");
        names.add("dns:localhost");
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.isBlank() && !host.equals("localhost")) {
                names.add("dns:" + host);
            }
        } catch (IOException e) {
            // no host name: the address and loopback will do
        }
        return String.join(",", names);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("keytool could not make Trino's HTTPS certificate: " + output.strip());
        }
    }

    /** TLS trusting this certificate, for the lakehouse's own requests to Trino. */
    SSLContext trustingContext() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("trino", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
