/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.openai.internal.SharedHttpClient;
import dev.stateline.openai.wire.HttpChatModel;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Building OpenAI targets: validation, defaults, and the shared connection pool. */
class OpenAiTargetTest {

  private static OpenAi.TargetBuilder valid() {
    return OpenAi.target("openai").apiKey(Fixtures.KEY).model("gpt-4.1");
  }

  @Test
  void givenDefaults_thenTheTargetIsOpenAiOnHttpsWithItsAliases() {
    Target t = valid().model("fast", "gpt-4.1-mini").build();
    try {
      assertThat(t.provider()).isEqualTo("openai");
      assertThat(t.region()).isNull();
      assertThat(t.modelFor("fast")).isEqualTo("gpt-4.1-mini");
      assertThat(t.modelFor("gpt-4.1")).isEqualTo("gpt-4.1");
      assertThat(((HttpChatModel) t.chatModel()).api()).isEqualTo(OpenAiApi.CHAT_COMPLETIONS);
      assertThat(t.hosting()).isEqualTo(Target.Hosting.DIRECT);
      assertThat(t.capabilities().serverState()).isFalse();
      assertThat(t.maxConcurrentCalls()).isZero();
      assertThat(t.serverAddress()).isEqualTo("api.openai.com");   // telemetry's server.address
      assertThat(t.serverPort()).isEqualTo(443);
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void givenTheEuRegion_withTheGlobalDefaultBaseUrl_thenBuildRefusesIt() {
    assertThatThrownBy(() -> valid().region(Region.openai("eu")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openai/eu")
        .hasMessageContaining("https://eu.api.openai.com/v1/")
        .hasMessageContaining("api.openai.com")
        .message().doesNotContain(Fixtures.KEY);
  }

  @Test
  void givenAnOpenAiRegion_thenOnlyItsOwnDataResidencyHostOrALoopbackEmulatorIsAccepted() {
    Target eu = valid().region(Region.openai("eu")).baseUrl("https://eu.api.openai.com/v1/").build();
    Target emulator = valid().region(Region.openai("eu")).baseUrl("http://127.0.0.1:8080/v1/").build();
    try {
      assertThat(eu.region()).isEqualTo(Region.openai("eu"));
      assertThat(emulator.region()).isEqualTo(Region.openai("eu"));
    } finally {
      eu.chatModel().close();
      emulator.chatModel().close();
    }
    assertThatThrownBy(() -> valid().region(Region.openai("us")).baseUrl("https://eu.api.openai.com/v1/").build())
        .hasMessageContaining("https://us.api.openai.com/v1/");
    assertThatThrownBy(() -> valid().region(Region.openai("eu")).baseUrl("https://llm-proxy.example.com/v1/").build())
        .hasMessageContaining("llm-proxy.example.com");
  }

  @Test
  void givenTheResponsesApi_thenTheTargetCanHoldServerSideState_andCarriesItsPriceAndBulkhead() {
    Price price = Price.perMillionTokens("2.00", "8.00");
    Target t = valid().api(OpenAiApi.RESPONSES).price(price).maxConcurrentCalls(8).build();
    try {
      assertThat(t.capabilities().serverState()).isTrue();
      assertThat(t.price()).isEqualTo(price);
      assertThat(t.maxConcurrentCalls()).isEqualTo(8);
    } finally {
      t.chatModel().close();
    }
  }

  @Test
  void givenMissingOrBadSettings_thenClearErrorsThatNeverEchoTheKey() {
    assertThatThrownBy(() -> OpenAi.target("openai").model("gpt-4.1").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey");
    assertThatThrownBy(() -> OpenAi.target("openai").apiKey(Fixtures.KEY).build())
        .hasMessageContaining("serves no model");
    assertThatThrownBy(() -> OpenAi.target("openai").apiKey(Fixtures.KEY + "\n"))
        .hasMessageContaining("printable ASCII").message().doesNotContain(Fixtures.KEY);
    assertThatThrownBy(() -> valid().baseUrl("not a url")).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> OpenAi.target("bad name!").apiKey(Fixtures.KEY).model("m").build())
        .hasMessageContaining("target name");
  }

  @Test
  void givenCredentialsInTheBaseUrl_thenToStringHidesThemAndTheKey() {
    String shown = valid().baseUrl("https://user:hunter2@proxy.example.com/v1/").toString();

    assertThat(shown).doesNotContain("hunter2").doesNotContain(Fixtures.KEY).contains("apiKey=***");
  }

  @Test
  void givenPlainHttpToARemoteHost_thenRefusedUnlessAllowed() {
    assertThatThrownBy(() -> valid().baseUrl("http://proxy.example.com/v1/").build())
        .hasMessageContaining("refusing plain http");
    Target allowed = valid().baseUrl("http://proxy.example.com/v1/").allowInsecureHttp().build();
    Target loopback = valid().baseUrl("http://127.0.0.1:8080/v1/").build();
    Target localhost = valid().baseUrl("http://localhost:8080/v1/").build();
    Target ipv6 = valid().baseUrl("http://[::1]:8080/v1/").build();
    for (Target t : new Target[] {allowed, loopback, localhost, ipv6}) {
      t.chatModel().close();
    }
  }

  @Test
  void givenSeveralModels_thenTheyShareOneClientUntilTheLastIsClosed() {
    int before = SharedHttpClient.leases();
    assertThat(before).as("every other test closes its models").isZero();
    Target a = valid().build();
    Target b = valid().api(OpenAiApi.RESPONSES).build();
    OkHttpClient shared = ((HttpChatModel) a.chatModel()).httpClient();

    assertThat(((HttpChatModel) b.chatModel()).httpClient()).isSameAs(shared);
    assertThat(SharedHttpClient.leases()).isEqualTo(before + 2);

    a.chatModel().close();
    a.chatModel().close(); // idempotent: one lease per model
    assertThat(SharedHttpClient.leases()).isEqualTo(before + 1);
    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();

    b.chatModel().close();
    assertThat(SharedHttpClient.leases()).isEqualTo(before);
    assertThat(shared.dispatcher().executorService().isShutdown()).isTrue();
    assertThat(shared.connectionPool().connectionCount()).isZero();
    Target c = valid().build();
    assertThat(((HttpChatModel) c.chatModel()).httpClient()).isNotSameAs(shared);
    c.chatModel().close();
  }

  @Test
  void givenAnOwnClient_thenItIsUsedAndNeverShutDown() {
    OkHttpClient own = new OkHttpClient();
    int before = SharedHttpClient.leases();
    Target t = valid().httpClient(own).build();

    assertThat(((HttpChatModel) t.chatModel()).httpClient()).isSameAs(own);
    assertThat(SharedHttpClient.leases()).isEqualTo(before);
    t.chatModel().close();
    assertThat(own.dispatcher().executorService().isShutdown()).isFalse();
    own.dispatcher().executorService().shutdown();
  }
}
