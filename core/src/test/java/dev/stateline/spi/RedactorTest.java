/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What provider text loses before anyone sees it: each row is text a provider, a proxy or a
 * transport may send back, the secret in it, and what stays readable.
 */
class RedactorTest {
  private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEHoaCWV1LXdlc3QtMSJGMEQCIGfakefakefake0123456789abcdef";

  static Stream<Arguments> rows() {
    return Stream.of(
        // what arrived                                                         secret                              still readable
        Arguments.of("AWS canonical request quoting the session token",
            "The canonical string for this request should have been 'POST\n/model/x/converse\n\nhost:bedrock\n"
                + "x-amz-date:20260301T100000Z\nx-amz-security-token:" + SESSION_TOKEN + "\n\nhost;x-amz-date'",
            SESSION_TOKEN, "x-amz-security-token:***"),
        Arguments.of("a session token on its own", "token " + SESSION_TOKEN + " expired", SESSION_TOKEN, "expired"),
        Arguments.of("a proxy echoing the Authorization header", "Authorization: Bearer sk-proj-abcdef0123456789 was refused",
            "sk-proj-abcdef0123456789", "Authorization: ***"),
        Arguments.of("an echoed Azure api-key header", "invalid header api-key: 0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef", "api-key: ***"),
        Arguments.of("a JSON field holding a key", "{\"x-api-key\": \"k-9876543210-secret\", \"ok\": 1}",
            "k-9876543210-secret", "\"ok\": 1"),
        Arguments.of("a bearer token in prose", "token Bearer abc.def-ghi_jkl123 is not valid", "abc.def-ghi_jkl123",
            "is not valid"),
        Arguments.of("an Entra ID token (JWT)", "got eyJ0eXAiOiJKV1QiLCJhbGci.eyJhdWQiOiJodHRwczovL2NvZ25p.sig_sig-sig",
            "eyJhdWQiOiJodHRwczovL2NvZ25p", "got eyJ***"),
        Arguments.of("an OpenAI key", "Incorrect API key provided: sk-live-0c9d2e7f4a1b8c3d5e6f.", "0c9d2e7f4a1b8c3d5e6f",
            "Incorrect API key provided: sk-***"),
        Arguments.of("a key in a URL query", "GET https://gw.example/v1?key=AIzaSyFAKEFAKEFAKE&x=1 failed",
            "AIzaSyFAKEFAKEFAKE", "&x=1 failed"),
        Arguments.of("a SAS signature", "https://acct.blob.core.windows.net/c/b?sv=2024&sig=AbC%2Fdef%3D1234 denied",
            "AbC%2Fdef%3D1234", "sv=2024"),
        Arguments.of("a password in an endpoint URL", "cannot connect to https://svc:hunter2pw@proxy.example:8443/",
            "hunter2pw", "proxy.example:8443"),
        Arguments.of("an AWS secret access key", "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY leaked",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "leaked"),
        Arguments.of("a Bedrock API key", "key ABSKQmVkcm9ja0FQSUtleS1mYWtlZmFrZQ== refused", "QmVkcm9ja0FQSUtleS1mYWtl",
            "refused"),
        Arguments.of("an X-Amz-Security-Token query parameter", "presigned ?X-Amz-Security-Token=FwoGZXIvYXdzEFAKE123&a=b",
            "FwoGZXIvYXdzEFAKE123", "&a=b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void givenProviderText_thenTheSecretIsGoneAndTheRestStays(String what, String text, String secret, String kept) {
    String cleaned = Redactor.standard().clean(text);

    assertThat(cleaned).doesNotContain(secret).contains(kept);
  }

  /** The shortest text each pattern matches, in the case it may arrive in: still redacted as an id. */
  static Stream<Arguments> shortest() {
    return Stream.of(
        Arguments.of("h://u:p@", "h://***@"),
        Arguments.of("?sig=x", "?sig=***"),
        Arguments.of("APIKEY=x", "APIKEY=***"),
        Arguments.of("passwd:x", "passwd:***"),
        Arguments.of("BEARER abcdef", "BEARER ***"),
        Arguments.of("eyJabcdef.abcdef.", "eyJ***"),
        Arguments.of("sk-abc", "sk-***"),
        Arguments.of("req_sk-abc", "req_sk-***"),
        Arguments.of("IQoJb3JpZ2luAAAAAAAAAAAAAAAA", "***"),
        Arguments.of("ABSKAAAAAAAAAAAAAAAA", "ABSK***"),
        Arguments.of("bedrock-api-key-AAAAAAAAAAAAAAAA", "bedrock-api-key-***"),
        Arguments.of("A".repeat(40), "***"),
        Arguments.of("id_" + "A".repeat(40) + "_x", "id_***_x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortest")
  void givenTheShortestMatchOfEachPattern_whenCleanedAsAnId_thenItIsStillRedacted(String text, String cleaned) {
    assertThat(Redactor.standard().cleanId(text)).isEqualTo(cleaned);
  }

  @Test
  void givenOrdinaryRequestIds_thenTheyPassUnchanged() {
    for (String id : new String[] {"req_loopback", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "A".repeat(39), "A".repeat(41)}) {
      assertThat(Redactor.standard().cleanId(id)).isEqualTo(id);
    }
  }

  @Test
  void givenAnExactSecret_thenEveryOccurrenceIsReplaced_evenOneNoPatternKnows() {
    Redactor r = Redactor.standard().withSecrets("plainkey42", null, "x");

    assertThat(r.redact("plainkey42 and again plainkey42")).isEqualTo("*** and again ***");
    assertThat(r.redact("x marks the spot")).as("too short to be a secret: left alone").isEqualTo("x marks the spot");
  }

  @Test
  void givenOrdinaryErrorText_thenNothingIsRedacted() {
    String text = "Invalid value for 'model': gpt-4.1 does not exist (param: messages[0].content, request"
        + " 6f1d2c3b-1111-2222-3333-444455556666, response resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b)";

    assertThat(Redactor.standard().clean(text)).isEqualTo(text);
  }

  @Test
  void givenControlAndFormatCharacters_thenTheyAreNeutralisedVisibly() {
    String forged = "denied\r\n2026-03-01 INFO all good\u001b[31m\u202Egnp.exe\u200B\u0085\uD800";

    String n = Redactor.neutralise(forged);

    assertThat(n).doesNotContain("\r", "\n", "\u001b", "\u202E", "\u200B", "\u0085", "\uD800")
        .contains("denied  2026-03-01 INFO all good").contains("\\u001B[31m").contains("\\u202E")
        .contains("\\u200B").contains("\\u0085").contains("\\uD800");
    assertThat(Redactor.neutralise("Grüße, 東京 😀")).as("letters and emoji stay").isEqualTo("Grüße, 東京 😀");
  }

  @Test
  void givenLongText_thenItIsCutAtTheOneLimit_neverInsideASurrogatePair() {
    String text = "a".repeat(Redactor.MAX_TEXT_CHARS - 1) + "😀tail";

    String c = Redactor.standard().clean(text);

    assertThat(c).hasSize(Redactor.MAX_TEXT_CHARS - 1 + 3).endsWith("a...");
  }

  @Test
  void givenACauseWhoseMessageHoldsASecret_thenItIsReplacedByARedactedCopy_typeAndStackKept() {
    IOException io = new IOException("proxy said: x-amz-security-token: " + SESSION_TOKEN);
    RuntimeException outer = new RuntimeException("request failed", io);

    Throwable clean = Redactor.standard().cleanCause(outer);

    assertThat(clean).isInstanceOf(RedactedException.class);
    assertThat(((RedactedException) clean).originalType()).isEqualTo(RuntimeException.class.getName());
    assertThat(clean.getStackTrace()).isEqualTo(outer.getStackTrace());
    assertThat(clean.getCause()).isInstanceOf(RedactedException.class);
    assertThat(clean.getCause().getMessage()).doesNotContain(SESSION_TOKEN).contains("x-amz-security-token: ***");
    assertThat(clean.getCause().toString()).startsWith("java.io.IOException (redacted)");
  }

  @Test
  void givenACleanCause_thenItIsKeptAsIs() {
    IOException io = new IOException("Connection reset");

    assertThat(Redactor.standard().cleanCause(io)).isSameAs(io);
    assertThat(Redactor.standard().cleanCause(null)).isNull();
  }
}
