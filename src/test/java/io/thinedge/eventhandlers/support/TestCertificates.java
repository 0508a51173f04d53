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
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate for 127.0.0.1, generated in the test: a server context and a trust store holding it. */
public final class TestCertificates {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    public static TestCertificates selfSigned() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=127.0.0.1");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TestCertificates(keys, certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** For an HTTPS server presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keys.getPrivate(), PASSWORD, new X509Certificate[] {certificate});
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
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", certificate);
            java.nio.file.Path file = java.nio.file.Files.createTempFile("truststore", ".p12");
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                store.store(out, PASSWORD);
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
