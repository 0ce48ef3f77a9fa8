package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.tearline.server.Demo;
import io.tearline.db.DataDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tearline token USER [--issuer NATION]}: the demo's issuer, or a nation's local one, which refuses nothing. */
class TokenCommandTest {

    @TempDir
    Path dir;

    String token(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void aNationsIssuerSignsClaimsForAnyoneAndTheDemoIssuerNamesOnly() throws Exception {
        DataDir data = new DataDir(dir.resolve("data"));
        Demo.prepare(data, 0);
        SignedJWT plain = SignedJWT.parse(token("token", "ava", "--data", data.root().toString()));
        assertThat(plain.getJWTClaimsSet().getIssuer()).isEqualTo("https://tearline.example/demo");
        assertThat(plain.getJWTClaimsSet().getClaim("nationality")).isNull();

        SignedJWT jpnForAva = SignedJWT.parse(token("token", "ava", "--issuer", "JPN", "--data", data.root().toString()));
        assertThat(jpnForAva.getJWTClaimsSet().getIssuer()).isEqualTo(Demo.issuerName("JPN"));
        assertThat(jpnForAva.getJWTClaimsSet().getSubject()).isEqualTo("ava");
        assertThat(jpnForAva.getJWTClaimsSet().getStringClaim("nationality")).isEqualTo("USA"); // the server refuses it
        assertThat(jpnForAva.getJWTClaimsSet().getStringClaim("clearance")).isEqualTo("TOP_SECRET");
        assertThat(jpnForAva.getJWTClaimsSet().getStringListClaim("accesses")).containsExactly("SI", "TK");
        // signed by JPN's own key, published beside it
        JWKSet jpnKeys = JWKSet.load(Demo.issuerKeys(data, "JPN").resolve("jwks.json").toFile());
        assertThat(jpnForAva.verify(new ECDSAVerifier((ECKey) jpnKeys.getKeyByKeyId(jpnForAva.getHeader().getKeyID())))).isTrue();
        JWKSet demoKeys = JWKSet.load(data.keys().resolve("jwks.json").toFile());
        assertThat(demoKeys.getKeyByKeyId(jpnForAva.getHeader().getKeyID())).isNull();
    }
}
