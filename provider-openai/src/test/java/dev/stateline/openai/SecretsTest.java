/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API key never shows: not in any log line (slf4j-simple at debug for dev.stateline, see
 * simplelogger.properties), not in exception messages or stack traces, not in toString().
 */
class SecretsTest {
  /** What the emulator accepts; the client below is configured with another key. */
  private static final String SERVER_KEY = "sk-server-side-key-000000";

  private OpenAiEmulator emulator;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureLogs() {
    emulator = OpenAiEmulator.builder().apiKey(SERVER_KEY).build().start();
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    emulator.close();
  }

  private static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + t.getMessage() + "\n" + w;
  }

  @Test
  void givenCallsThatSucceedFailAndRetry_thenTheKeyAppearsNowhere() {
    List<String> texts = new ArrayList<>();
    OpenAi.TargetBuilder builder = OpenAi.target("openai").apiKey(Fixtures.KEY).baseUrl(emulator.baseUrl())
        .model("gpt-4.1");
    texts.add(builder.toString());

    try (StatelineClient wrongKey = Fixtures.client(builder.build(), Fixtures.fastRetries(3))) {
      Target target = wrongKey.targets().get(0);
      texts.add(target.toString());
      texts.add(target.chatModel().toString());
      // The emulator answers 401 with OpenAI's message, which echoes part of the presented key.
      Throwable refused = catchThrowable(() -> wrongKey.chat(ChatRequest.of("gpt-4.1", "hi")));
      assertThat(refused).isInstanceOf(AuthenticationException.class);
      assertThat(refused.getMessage()).contains("Incorrect API key provided: sk-***");
      texts.add(describe(refused));
      Throwable streamRefused = catchThrowable(() -> wrongKey.stream(ChatRequest.of("gpt-4.1", "hi")).close());
      texts.add(describe(streamRefused));
    }

    try (StatelineClient ok = Fixtures.client(OpenAi.target("openai").apiKey(SERVER_KEY)
        .baseUrl(emulator.baseUrl()).model("gpt-4.1").build(), Fixtures.fastRetries(3))) {
      emulator.enqueue(Reply.rateLimited(Duration.ofMillis(1)), Reply.text("fine"));
      texts.add(ok.chat(ChatRequest.of("gpt-4.1", "hi")).toString());
      try (ChatStream stream = ok.stream(ChatRequest.of("gpt-4.1", "stream"))) {
        texts.add(String.valueOf(stream.response()));
      }
      // Even a provider message quoting the key verbatim is redacted.
      emulator.enqueue(Reply.error(400, "invalid_request_error", null, "Bad key " + SERVER_KEY + " in body"));
      Throwable quoted = catchThrowable(() -> ok.chat(ChatRequest.of("gpt-4.1", "hi")));
      assertThat(quoted).hasMessageContaining("Bad key *** in body");
      texts.add(describe(quoted));
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    // The capture works: the provider's debug lines are there, including the failures.
    assertThat(logs).contains("POST /v1/chat/completions -> HTTP 401", "-> HTTP 429", "-> HTTP 200");
    assertThat(logs).doesNotContain(Fixtures.KEY).doesNotContain(SERVER_KEY);
    assertThat(texts).hasSizeGreaterThan(6).allSatisfy(text ->
        assertThat(text).doesNotContain(Fixtures.KEY).doesNotContain(SERVER_KEY));
  }
}
