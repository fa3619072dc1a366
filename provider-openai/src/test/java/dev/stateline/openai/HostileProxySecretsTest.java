/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.StatelineException;
import java.io.PrintWriter;
import java.io.StringWriter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy in front of the provider that echoes what it was sent: the credential in the error's
 * code, type and param fields, in the request-id header, in the message; control characters to forge
 * log lines. None of it reaches the exception, its {@link dev.stateline.error.ErrorInfo} or its
 * printed stack trace.
 */
class HostileProxySecretsTest {
  @StartStop
  private final MockWebServer server = new MockWebServer();
  private StatelineClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private StatelineException call(MockResponse response) {
    server.enqueue(response);
    client = StatelineClient.builder().target(Fixtures.target(server).build()).retryPolicy(RetryPolicy.none())
        .timeouts(Fixtures.FAST).build();
    return catchThrowableOfType(StatelineException.class, () -> client.chat(ChatRequest.of("gpt-4.1", "hi")));
  }

  private static String everything(StatelineException e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return e.getMessage() + "\n" + e.info() + "\n" + w
        + (e instanceof InvalidRequestException i ? "\nparam=" + i.param() : "");
  }

  @Test
  void givenAProxyEchoingTheKeyInEveryErrorField_thenItIsNowhere() {
    String key = Fixtures.KEY;
    StatelineException e = call(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "Authorization: Bearer " + key)
        .body("{\"error\":{\"message\":\"bad header Authorization: Bearer " + key + "\",\"type\":\"" + key
            + "\",\"param\":\"" + key + "\",\"code\":\"Bearer " + key + "\"}}")
        .build());

    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(everything(e)).doesNotContain(key).doesNotContain("4f1c9a7be2d84c0e9b6a");
    assertThat(e.requestId()).isEqualTo("Authorization: ***");
  }

  @Test
  void givenProviderTextWithControlCharacters_thenTheyAreNeutralised_soNoLogLineCanBeForged() {
    StatelineException e = call(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_1")
        .body("{\"error\":{\"message\":\"denied\\r\\n2026-03-01 INFO ok\\u001b[2J\\u202e\",\"type\":\"invalid\\u0007\","
            + "\"param\":\"model\\u0000\",\"code\":null}}")
        .build());

    assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u001b", "\u202e", "\u0007", "\u0000")
        .contains("denied  2026-03-01 INFO ok\\u001B[2J\\u202E");
    assertThat(((InvalidRequestException) e).param()).isEqualTo("model\\u0000");
    assertThat(e.info().errorCode()).isEqualTo("invalid\\u0007");
  }
}
