/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stateline.RetryPolicy;
import dev.stateline.Timeouts;
import dev.stateline.aws.AgentCoreRuntime;
import dev.stateline.aws.Bedrock;
import dev.stateline.aws.BedrockOpenAi;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.openai.OpenAi;
import dev.stateline.openai.wire.HttpChatModel;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings that can never work are refused where they are set, with a message naming the setting and
 * saying what is wrong (and never showing a secret), not at the first call as "failed unexpectedly".
 * Each row: the setting, what is given, the exception and what its message must say.
 */
class BadInputAtTheDoorTest {
  private static final String KEY = "sk-bad-input-0123456789abcdef";

  static Stream<Arguments> rows() {
    return Stream.of(
        // header values that would split a header (OkHttp refused them only when the call was sent)
        row("OpenAI organization with CR/LF", () -> OpenAi.target("o").organization("org\r\nX-Evil: 1"),
            IllegalArgumentException.class, "organization is sent as an HTTP header"),
        row("OpenAI project with LF", () -> OpenAi.target("o").project("p\n"),
            IllegalArgumentException.class, "project is sent as an HTTP header"),
        row("OpenAI project not ASCII", () -> OpenAi.target("o").project("projét"),
            IllegalArgumentException.class, "printable ASCII"),
        row("Bedrock OpenAI project with CR/LF", () -> BedrockOpenAi.target("b").project("default\r\nX-Evil: 1"),
            IllegalArgumentException.class, "project is sent as an HTTP header"),
        row("AgentCore runtime user id with CR/LF", () -> AgentCoreRuntime.target("a").runtimeUserId("alice\r\n"),
            IllegalArgumentException.class, "runtimeUserId is sent as an HTTP header"),
        row("AgentCore qualifier with a tab", () -> AgentCoreRuntime.target("a").qualifier("prod\t"),
            IllegalArgumentException.class, "qualifier"),
        row("wire user agent with LF", () -> HttpChatModel.builder().userAgent("me\nX: y"),
            IllegalArgumentException.class, "userAgent is sent as an HTTP header"),
        row("wire request-id header name with a space", () -> HttpChatModel.builder().requestIdHeaders("x request id"),
            IllegalArgumentException.class, "request-id header must be an HTTP header name"),
        // secrets: named, never shown
        row("OpenAI API key with a newline", () -> OpenAi.target("o").apiKey(KEY + "\n"),
            IllegalArgumentException.class, "apiKey must be printable ASCII"),
        row("Bedrock OpenAI API key with a newline", () -> BedrockOpenAi.target("b").apiKey(KEY + "\n"),
            IllegalArgumentException.class, "apiKey must be printable ASCII"),
        row("Azure API key null", () -> AzureOpenAi.target("a").apiKey(null),
            IllegalArgumentException.class, "apiKey must be non-blank"),
        // durations that overflow or can never be a socket timeout
        row("a read timeout of 30 days", () -> Timeouts.DEFAULT.withRead(Duration.ofDays(30)),
            IllegalArgumentException.class, "read timeout must be at most"),
        row("a connect timeout of Long.MAX_VALUE seconds", () -> Timeouts.DEFAULT.withConnect(Duration.ofSeconds(Long.MAX_VALUE)),
            IllegalArgumentException.class, "connect timeout must be at most"),
        row("a backoff that overflows nanoseconds", () -> RetryPolicy.builder().maxBackoff(Duration.ofSeconds(Long.MAX_VALUE)).build(),
            IllegalArgumentException.class, "maxBackoff must be at most 292 years"),
        // nulls: the message names the argument
        row("Timeouts with a null read", () -> new Timeouts(Duration.ofSeconds(1), null, Duration.ofSeconds(1)),
            NullPointerException.class, "read"),
        row("OpenAI http client null", () -> OpenAi.target("o").httpClient(null), NullPointerException.class, "httpClient"),
        row("Bedrock OpenAI http client null", () -> BedrockOpenAi.target("b").httpClient(null),
            NullPointerException.class, "httpClient"),
        row("Bedrock region null", () -> Bedrock.target("b").region(null), NullPointerException.class, "awsRegion"),
        row("Bedrock response limit below 1 KiB", () -> Bedrock.target("b").maxResponseBytes(10),
            IllegalArgumentException.class, "maxResponseBytes must be at least 1024"),
        row("AgentCore bulkhead negative", () -> AgentCoreRuntime.target("a").maxConcurrentCalls(-1),
            IllegalArgumentException.class, "maxConcurrentCalls must not be negative"));
  }

  private static Arguments row(String what, Runnable setting, Class<? extends Throwable> type, String says) {
    return Arguments.of(what, setting, type, says);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void refusedWhereItIsSet(String what, Runnable setting, Class<? extends Throwable> type, String says) {
    Throwable t = catchThrowable(setting::run);

    assertThat(t).as(what).isInstanceOf(type);
    assertThat(t.getMessage()).contains(says).doesNotContain(KEY);
  }
}
