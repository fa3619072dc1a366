/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static dev.stateline.aws.ManagedAgentFixture.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.error.AgentUnreachableException;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.error.StoredResponseNotFoundException;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator.Operation;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** What each answer of the service becomes: the error table of agent turns, and whether a turn is tried again. */
class ManagedAgentErrorsTest {
  private final ManagedAgentFixture fx = new ManagedAgentFixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  /**
   * @param status what the service answers to creating the session, every time
   * @param type the error the turn fails with
   * @param attempts how many creates the client makes (three attempts for retryable errors)
   */
  static Stream<Arguments> creates() {
    return Stream.of(
        Arguments.of(400, InvalidRequestException.class, 1, "role_arn"),
        Arguments.of(403, AuthenticationException.class, 1, "refused"),
        Arguments.of(409, ProviderUnavailableException.class, 3, "conflicting operation"),
        Arguments.of(429, RateLimitedException.class, 3, "rate limited"),
        Arguments.of(500, ProviderUnavailableException.class, 3, "HTTP 500"),
        Arguments.of(503, ProviderUnavailableException.class, 3, "HTTP 503"));
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}, {2} attempt(s)")
  @MethodSource("creates")
  void creatingTheAgentSession(int status, Class<? extends StatelineException> type, int attempts, String says) {
    StatelineClient client = fx.client(fx.builder().build());
    for (int i = 0; i < 3; i++) {
      fx.emulator.failNext(Operation.CREATE_SESSION, status, null);
    }

    assertThatThrownBy(() -> client.session("case-1", SUPPORT).send("Hello.")).isInstanceOf(type)
        .hasMessageContaining(says);
    assertThat(fx.emulator.requests(Operation.CREATE_SESSION)).hasSize(attempts);
    assertThat(fx.emulator.requests(Operation.SUBMIT_EVENTS)).isEmpty();
  }

  @Test
  void aPreviewNotEnabledForTheAccount_isA404ThatSaysSo() throws Exception {
    try (BedrockManagedAgentsEmulator closed = BedrockManagedAgentsEmulator.builder()
        .credentials(ManagedAgentFixture.ACCESS_KEY_ID, ManagedAgentFixture.SECRET_KEY).previewEnabled(false).build()
        .start()) {
      StatelineClient client = fx.client(ManagedAgentFixture.builder("aws-agents", closed).build());

      assertThatThrownBy(() -> client.session("case-2", SUPPORT).send("Hello."))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("preview is enabled")
          .hasMessageContaining("not available for this account");
    }
  }

  @Test
  void aWrongSecret_isAnAuthenticationException_thatNamesNoSecret() {
    StaticCredentialsProvider wrong = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ManagedAgentFixture.ACCESS_KEY_ID, "wrong/secret/key/0123456789abcdefghij"));
    StatelineClient client = fx.client(fx.builder().credentialsProvider(wrong).build());

    assertThatThrownBy(() -> client.session("case-3", SUPPORT).send("Hello."))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("SignatureDoesNotMatch")
        .hasMessageNotContaining("wrong/secret").hasMessageNotContaining(ManagedAgentFixture.SECRET_KEY);
  }

  @Test
  void aBearerKey_authenticatesToo() {
    StatelineClient client = fx.client(BedrockManagedAgent.target("aws-agents").region("us-east-1")
        .roleArn(ManagedAgentFixture.ROLE).agent("support", ManagedAgentFixture.agent())
        .apiKey(BedrockManagedAgentsEmulator.DEFAULT_API_KEY)
        .endpointOverride(URI.create(fx.emulator.endpoint().toString())).build());

    assertThat(client.session("case-4", SUPPORT).send("Hello.").text()).isEqualTo("echo: Hello.");
    assertThat(fx.emulator.requests().get(0).header("Authorization"))
        .isEqualTo("Bearer " + BedrockManagedAgentsEmulator.DEFAULT_API_KEY);
  }

  @Test
  void aFailedAgentSession_takesNoMoreTurns_andNoNewOneIsMadeSilently() {
    StatelineClient client = fx.client(fx.builder().build());
    ManagedAgentSession session = (ManagedAgentSession) client.session("case-5", SUPPORT);
    session.send("Hello.");
    fx.emulator.failSession(session.agentSessionId(), "The execution environment was lost.");

    assertThatThrownBy(() -> session.send("Still there?")).isInstanceOf(StatelineException.class)
        .hasMessageContaining("has failed").hasMessageContaining("environment was lost")
        .satisfies(e -> assertThat(((StatelineException) e).isRetryable()).isFalse());
    assertThat(fx.emulator.sessionIds()).hasSize(1);
    assertThat(fx.emulator.requests(Operation.SUBMIT_EVENTS)).hasSize(1);
  }

  @Test
  void aTurnWhoseAgentSessionVanished_failsAsNotFound() {
    StatelineClient client = fx.client(fx.builder().build());
    ManagedAgentSession session = (ManagedAgentSession) client.session("case-7", SUPPORT);
    session.send("Hello.");
    fx.emulator.failNext(Operation.GET_SESSION, 404, null);

    assertThatThrownBy(() -> session.send("Still there?")).isInstanceOfSatisfying(StoredResponseNotFoundException.class,
        e -> {
          assertThat(e.getMessage()).contains(session.agentSessionId()).contains("us-east-1");
          assertThat(e.isRetryable()).isFalse();
        });
    assertThat(fx.emulator.sessionIds()).hasSize(1);
  }

  @Test
  void aSessionBusyWithATurnStartedElsewhere_isWaitedFor_thenReportedUnreachable_neverSteered() {
    InMemorySessionStore shared = InMemorySessionStore.builder().build();
    StatelineClient here = fx.client(b -> b.sessionStore(shared), fx.builder().build());
    StatelineClient elsewhere = fx.client(b -> b.sessionStore(shared), fx.builder().build());
    here.session("case-8", SUPPORT).send("Hello.");
    fx.emulator.enqueue(AgentTurn.builder().untilCancelled().build());

    try (ChatStream running = elsewhere.session("case-8", SUPPORT).stream("A long task.")) {
      assertThatThrownBy(() -> here.session("case-8", SUPPORT).send("Meanwhile?"))
          .isInstanceOfSatisfying(AgentUnreachableException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("busy");
      String agentSession = fx.emulator.sessionIds().get(0);
      assertThat(fx.emulator.userMessages(agentSession)).containsExactly("Hello.", "A long task.");
    }
  }
}
