/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static dev.stateline.azure.AzureFixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.exception.ClientAuthenticationException;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.openai.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canary: neither the api-key nor an Entra ID token shows up anywhere a person could read it: not
 * in log output (slf4j-simple at debug for dev.stateline and info for com.azure, written to
 * System.err, captured here), not in exception messages or stack traces, not in any toString().
 */
class SecretsTest {
  /** What the emulator accepts. */
  private static final String SERVER_KEY = "5f0c6b2e9d8a4c7bb1e3f2a9d0c4e6f7";
  /** A different key the first client presents. */
  private static final String WRONG_KEY = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final List<String> texts = new ArrayList<>();
  private PrintStream originalErr;
  private AzureOpenAiEmulator azure;

  @BeforeEach
  void captureLogs() {
    azure = AzureOpenAiEmulator.builder().apiKey(SERVER_KEY).deployment(DEPLOYMENT, AzureFixtures.MODEL)
        .bearerToken("none-yet").build().start();
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    azure.close();
  }

  private void record(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    texts.add(t + "\n" + t.getMessage() + "\n" + w);
  }

  @Test
  void givenKeyCallsThatSucceedFailAndRetry_thenTheKeyAppearsNowhere() {
    AzureOpenAi.TargetBuilder wrong = AzureFixtures.target(azure).apiKey(WRONG_KEY);
    texts.add(wrong.toString());
    try (StatelineClient client = AzureFixtures.client(wrong.build())) {
      Target target = client.targets().get(0);
      texts.add(target.toString());
      texts.add(target.chatModel().toString());
      Throwable refused = catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi")));
      assertThat(refused).isInstanceOf(AuthenticationException.class);
      record(refused);
      record(catchThrowable(() -> client.stream(ChatRequest.of(ALIAS, "hi")).close()));
    }

    AzureOpenAi.TargetBuilder right = AzureFixtures.target(azure).apiKey(SERVER_KEY);
    texts.add(right.toString());
    try (StatelineClient client = AzureFixtures.client(right.build())) {
      azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(1)), AzureReply.text("fine"));
      texts.add(client.chat(ChatRequest.of(ALIAS, "hi")).toString());
      try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "stream"))) {
        stream.forEach(e -> { });
        texts.add(String.valueOf(stream.response()));
        texts.add(String.valueOf(stream.response().contentFilter()));
      }
      azure.enqueue(AzureReply.contentFilterError(ContentFilterCategory.ofDetection("jailbreak", true, true)));
      Throwable filtered = catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi")));
      assertThat(filtered).isInstanceOf(ContentFilteredException.class);
      record(filtered);
      // A provider message quoting the key verbatim is redacted.
      azure.enqueue(AzureReply.of(Reply.error(400, "invalid_request_error", null, "Bad key " + SERVER_KEY + " in body")));
      Throwable quoted = catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi")));
      assertThat(quoted).hasMessageContaining("Bad key *** in body");
      record(quoted);
      texts.add(AzureOpenAi.rateLimits(client.targets().get(0)).toString());
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    // The capture works: the provider's debug lines are there, the failures included.
    assertThat(logs).contains("POST /openai/v1/chat/completions -> HTTP 401", "-> HTTP 429",
        "-> HTTP 200", "-> HTTP 400");
    assertThat(logs).doesNotContain(SERVER_KEY).doesNotContain(WRONG_KEY);
    assertThat(texts).hasSizeGreaterThan(8).allSatisfy(text ->
        assertThat(text).doesNotContain(SERVER_KEY).doesNotContain(WRONG_KEY));
  }

  @Test
  void givenEntraIdCallsWithRenewalsAndFailures_thenNoTokenAppearsAnywhere() {
    FakeCredential.MutableClock clock = new FakeCredential.MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
    FakeCredential credential = new FakeCredential(AzureOpenAi.DEFAULT_SCOPE, clock).onIssue(azure::acceptBearerToken);
    AzureOpenAi.TargetBuilder builder = AzureOpenAi.target("azure-entra").endpoint(azure.endpoint().toString())
        .credential(credential).deployment(ALIAS, DEPLOYMENT).clock(clock);
    texts.add(builder.toString());
    try (StatelineClient client = AzureFixtures.client(builder.build())) {
      Target target = client.targets().get(0);
      texts.add(client.chat(ChatRequest.of(ALIAS, "one")).toString());
      texts.add(target.chatModel().toString());
      try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "two"))) {
        stream.forEach(e -> { });
        texts.add(String.valueOf(stream.response()));
      }
      String token = credential.issued().get(0);
      // The service quotes the token back in an error: redacted.
      azure.enqueue(AzureReply.of(Reply.error(400, "invalid_request_error", null, "token " + token + " rejected")));
      Throwable quoted = catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "hi")));
      assertThat(quoted).hasMessageContaining("token *** rejected");
      record(quoted);

      // Renewal fails (logged as a warning), then the token expires and fetching fails.
      clock.advance(Duration.ofMinutes(57));
      credential.failWith(new ClientAuthenticationException("token endpoint said no", null));
      texts.add(client.chat(ChatRequest.of(ALIAS, "still works")).toString());
      clock.advance(Duration.ofMinutes(5));
      Throwable expired = catchThrowable(() -> client.chat(ChatRequest.of(ALIAS, "now fails")));
      assertThat(expired).isInstanceOf(AuthenticationException.class);
      record(expired);

      // Renewed token after recovery; the old one is revoked at the service.
      azure.revokeBearerToken(token);
      credential.failWith(null);
      texts.add(client.chat(ChatRequest.of(ALIAS, "recovered")).toString());
      texts.add(target.chatModel().toString());
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(credential.issued()).hasSize(2);
    assertThat(logs).contains("got a Microsoft Entra ID token", "renewing the Microsoft Entra ID token failed",
        "-> HTTP 200");
    for (String token : credential.issued()) {
      assertThat(logs).doesNotContain(token);
      assertThat(texts).hasSizeGreaterThan(8).allSatisfy(text -> assertThat(text).doesNotContain(token));
    }
    // Every line from the client side went through the capture, none printed the signature part alone.
    assertThat(logs).doesNotContain("fake-signature");
  }
}
