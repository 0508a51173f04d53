package io.thinedge.eventhandlers.support;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for 127.0.0.1 generated in the test: self-signed (valid or expired), or a private CA
 * and leaves it issues (valid or expired); a server context presenting one, trust stores holding one.
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyPair keys;
    private final X509Certificate certificate;
    /** The issuer's certificate for a leaf of a CA, else null. */
    private final X509Certificate issuer;

    private TestCertificates(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {
        this.keys = keys;
        this.certificate = certificate;
        this.issuer = issuer;
    }

    public static TestCertificates selfSigned() {
        return selfSigned(false);
    }

    /** Self-signed for 127.0.0.1, valid until yesterday. */
    public static TestCertificates expiredSelfSigned() {
        return selfSigned(true);
    }

    /** A certificate authority (not a server certificate): issue leaves with {@link #issue(boolean)}. */
    public static TestCertificates authority() {
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=tedge test CA " + System.nanoTime());
        return new TestCertificates(keys, build(name, keys, name, keys, false, true), null);
    }

    /** A server certificate for 127.0.0.1 signed by this authority; {@code expired}: valid until yesterday. */
    public TestCertificates issue(boolean expired) {
        KeyPair leafKeys = newKeys();
        X500Name issuerName = new X500Name(certificate.getSubjectX500Principal().getName());
        return new TestCertificates(leafKeys, build(new X500Name("CN=127.0.0.1"), leafKeys, issuerName, keys, expired, false),
                certificate);
    }

    private static TestCertificates selfSigned(boolean expired) {
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=127.0.0.1");
        return new TestCertificates(keys, build(name, keys, name, keys, expired, false), null);
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            boolean expired, boolean authority) {
        try {
            Instant now = Instant.now();
            Instant notBefore = expired ? now.minus(Duration.ofDays(30)) : now.minus(Duration.ofHours(1));
            Instant notAfter = expired ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(1));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
            if (authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** This certificate in PEM, in a temporary file: a CA bundle as an operator puts it under config/. */
    public java.nio.file.Path pemFile() {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            java.nio.file.Path file = java.nio.file.Files.createTempFile("ca", ".pem");
            java.nio.file.Files.writeString(file, pem);
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** For an HTTPS server presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), PASSWORD,
                    issuer == null ? new X509Certificate[] {certificate} : new X509Certificate[] {certificate, issuer});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store file holding only this certificate, password {@code changeit}. */
    public java.nio.file.Path trustStoreFile() {
        return trustStoreFile(new String(PASSWORD));
    }

    /** A PKCS12 key store file holding this certificate and its key, as a server is configured with it. */
    public java.nio.file.Path keyStoreFile(String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), password.toCharArray(),
                    issuer == null ? new X509Certificate[] {certificate} : new X509Certificate[] {certificate, issuer});
            java.nio.file.Path file = java.nio.file.Files.createTempFile("keystore", ".p12");
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting only this certificate. */
    public SSLContext clientContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", issuer == null ? certificate : issuer);
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store file holding only this certificate, opened with {@code password}. */
    public java.nio.file.Path trustStoreFile(String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", certificate);
            java.nio.file.Path file = java.nio.file.Files.createTempFile("truststore", ".p12");
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Camel's SSL configuration trusting only this certificate (what an integrator binds for a private CA). */
    public org.apache.camel.support.jsse.SSLContextParameters trustingParameters() {
        org.apache.camel.support.jsse.KeyStoreParameters trustStore = new org.apache.camel.support.jsse.KeyStoreParameters();
        trustStore.setResource("file:" + trustStoreFile());
        trustStore.setPassword(new String(PASSWORD));
        trustStore.setType("PKCS12");
        org.apache.camel.support.jsse.TrustManagersParameters trust = new org.apache.camel.support.jsse.TrustManagersParameters();
        trust.setKeyStore(trustStore);
        org.apache.camel.support.jsse.SSLContextParameters parameters = new org.apache.camel.support.jsse.SSLContextParameters();
        parameters.setTrustManagers(trust);
        return parameters;
    }
}
