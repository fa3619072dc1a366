/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static dev.stateline.azure.AzureFixtures.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.exception.ClientAuthenticationException;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.openai.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Microsoft Entra ID through a TokenCredential, end to end against the emulator. */
class EntraIdTest {
  private final FakeCredential.MutableClock clock = new FakeCredential.MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private AzureOpenAiEmulator azure;
  private FakeCredential credential;
  private StatelineClient client;

  @BeforeEach
  void start() {
    azure = AzureOpenAiEmulator.builder().deployment(DEPLOYMENT, AzureFixtures.MODEL).bearerToken("none-yet")
        .build().start();
    credential = new FakeCredential(AzureOpenAi.DEFAULT_SCOPE, clock).onIssue(azure::acceptBearerToken);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    azure.close();
  }

  private StatelineClient client(AzureOpenAi.TargetBuilder target) {
    client = AzureFixtures.client(target.build(), AzureFixtures.fastRetries(2));
    return client;
  }

  private AzureOpenAi.TargetBuilder target() {
    return AzureOpenAi.target("azure-entra").endpoint(azure.endpoint().toString()).credential(credential)
        .deployment(ALIAS, DEPLOYMENT).clock(clock);
  }

  @Test
  void givenACredential_thenRequestsCarryItsBearerToken_forTheCognitiveServicesScope_andNoApiKey() {
    client(target());

    assertThat(client.chat(ChatRequest.of(ALIAS, "hi")).text()).isEqualTo("echo: hi");
    try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "streamed"))) {
      stream.forEach(e -> { });
    }
    client.chat(ChatRequest.of(ALIAS, "again"));

    String token = credential.issued().get(0);
    assertThat(azure.requests()).hasSize(3).allSatisfy(r -> {
      assertThat(r.header("Authorization")).isEqualTo("Bearer " + token);
      assertThat(r.header("api-key")).isNull();
    });
    assertThat(credential.calls()).isEqualTo(1);
    assertThat(credential.scopesSeen()).containsExactly(List.of("https://cognitiveservices.azure.com/.default"));
  }

  @Test
  void givenTimeMovingPastTheRefreshPoint_thenTheNextCallsUseARenewedToken() {
    client(target());
    client.chat(ChatRequest.of(ALIAS, "first"));
    clock.advance(Duration.ofMinutes(56)); // the 60-minute token is 4 minutes from expiry

    client.chat(ChatRequest.of(ALIAS, "second"));
    client.chat(ChatRequest.of(ALIAS, "third"));

    List<RecordedCall> sent = azure.requests();
    assertThat(credential.issued()).hasSize(2);
    assertThat(sent.get(0).header("Authorization")).isEqualTo("Bearer " + credential.issued().get(0));
    assertThat(sent.get(1).header("Authorization")).isEqualTo("Bearer " + credential.issued().get(1));
    assertThat(sent.get(2).header("Authorization")).isEqualTo("Bearer " + credential.issued().get(1));
  }

  @Test
  void givenManyConcurrentFirstCalls_thenOneTokenIsFetched() throws Exception {
    client(target());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(pool.submit(() -> client.chat(ChatRequest.of(ALIAS, "parallel")).text()));
      }
      for (Future<String> f : answers) {
        assertThat(f.get()).isEqualTo("echo: parallel");
      }
    } finally {
      pool.shutdown();
    }
    assertThat(credential.calls()).isEqualTo(1);
  }

  @Test
  void givenAScopeOverride_thenTokensAreAskedForThatScope() {
    FakeCredential foundry = new FakeCredential("https://ai.azure.com/.default", clock).onIssue(azure::acceptBearerToken);
    client(AzureOpenAi.target("azure-entra").endpoint(azure.endpoint().toString()).credential(foundry)
        .credentialScope("https://ai.azure.com/.default").deployment(ALIAS, DEPLOYMENT).urlForm(AzureUrlForm.V1)
        .clock(clock));

    client.chat(ChatRequest.of(ALIAS, "hi"));

    assertThat(foundry.scopesSeen()).containsExactly(List.of("https://ai.azure.com/.default"));
  }

  @Test
  void givenACredentialThatFails_thenTheCallFailsWithAnAuthenticationError_beforeAnyRequest() {
    credential.failWith(new ClientAuthenticationException("ManagedIdentityCredential authentication unavailable", null));
    client(target());

    AuthenticationException failure = catchThrowableOfType(AuthenticationException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(failure.getMessage()).contains("could not get a Microsoft Entra ID token",
        "ManagedIdentityCredential authentication unavailable", "target=azure-entra");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(azure.requestCount()).isZero();
  }

  @Test
  void givenATokenTheServiceRefuses_thenA401IsAnAuthenticationError() {
    client(target());
    credential.onIssue(t -> { }); // issued, but the emulator never learns it

    AuthenticationException refused = catchThrowableOfType(AuthenticationException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getMessage()).contains("Access token is missing, invalid")
        .doesNotContain(credential.issued().get(0));
  }
}
