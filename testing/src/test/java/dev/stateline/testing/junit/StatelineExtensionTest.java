/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.BedrockEmulator;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.OpenAiEmulator;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension seen from outside: fixture test classes are run through the JUnit launcher, and
 * what they were given is checked afterwards (fresh per test, shared with {@code @BeforeEach},
 * closed after the test).
 */
class StatelineExtensionTest {
  private static volatile boolean launched;
  private static final Map<String, Object> GIVEN = new ConcurrentHashMap<>();

  static boolean launched() {
    return launched;
  }

  private static TestExecutionSummary run(Class<?> fixture) {
    GIVEN.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launched = true;
    try {
      LauncherFactory.create().execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), listener);
    } finally {
      launched = false;
    }
    return listener.getSummary();
  }

  private static List<Throwable> failures(TestExecutionSummary summary) {
    List<Throwable> out = new ArrayList<>();
    summary.getFailures().forEach(f -> out.add(f.getException()));
    return out;
  }

  private static boolean listening(URI endpoint) {
    try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void eachTestGetsFreshInstances_sharedWithItsBeforeEach_andClosedAfterIt() {
    TestExecutionSummary summary = run(Fixture.class);

    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);

    EmulatedClouds first = (EmulatedClouds) GIVEN.get("first.clouds");
    EmulatedClouds second = (EmulatedClouds) GIVEN.get("second.clouds");
    assertThat(first).isNotNull().isNotSameAs(second);
    assertThat(GIVEN.get("first.fake")).isNotSameAs(GIVEN.get("second.fake"));

    List<URI> endpoints = new ArrayList<>();
    for (EmulatedClouds c : List.of(first, second)) {
      endpoints.add(URI.create(c.azure("swedencentral").endpoint().toString()));
      endpoints.add(c.bedrock("eu-central-1").endpoint());
    }
    endpoints.add(URI.create(((OpenAiEmulator) GIVEN.get("first.openai")).baseUrl().toString()));
    endpoints.add(URI.create(((AzureOpenAiEmulator) GIVEN.get("first.azure")).endpoint().toString()));
    endpoints.add(((BedrockEmulator) GIVEN.get("first.bedrock")).endpoint());
    assertThat(endpoints).as("every emulator was stopped after its test").noneMatch(StatelineExtensionTest::listening);
    assertThat(((FakeChatModel) GIVEN.get("first.fake")).closeCount()).as("fakes are left alone").isZero();
  }

  @Test
  void cloudsAnnotation_choosesTheRegions() {
    TestExecutionSummary summary = run(Fixture.class);

    assertThat(failures(summary)).isEmpty();
    EmulatedClouds us = (EmulatedClouds) GIVEN.get("third.clouds");
    assertThat(us.azureRegions()).containsExactly("eastus");
    assertThat(us.bedrockRegions()).isEmpty();
    assertThat(us.hasOpenAi()).isFalse();
  }

  @Test
  void aClassLevelAnnotation_appliesToEveryTest() {
    TestExecutionSummary summary = run(AnnotatedFixture.class);

    assertThat(failures(summary)).isEmpty();
    assertThat(((EmulatedClouds) GIVEN.get("annotated.clouds")).bedrockRegions()).containsExactly("eu-west-1");
  }

  @Test
  void aFixtureThatFails_stillHasItsEmulatorsClosed() {
    TestExecutionSummary summary = run(FailingFixture.class);

    assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    assertThat(failures(summary).get(0)).hasMessageContaining("on purpose");
    assertThat(listening(((BedrockEmulator) GIVEN.get("failing.bedrock")).endpoint())).isFalse();
  }

  @Test
  void onlyItsOwnTypesAreResolved() {
    TestExecutionSummary summary = run(UnknownParameterFixture.class);

    assertThat(failures(summary)).singleElement()
        .satisfies(t -> assertThat(t).hasMessageContaining("No ParameterResolver registered"));
    assertThat(GIVEN).doesNotContainKey("unknown");
  }

  @Test
  void theDefaultClient_hasEveryTargetOfTheTestsClouds_andIsClosedBeforeThem() {
    TestExecutionSummary summary = run(ClientFixture.class);

    assertThat(failures(summary)).isEmpty();
    EmulatedClouds clouds = (EmulatedClouds) GIVEN.get("client.clouds");
    StatelineClient client = (StatelineClient) GIVEN.get("client.client");
    assertThat(GIVEN.get("client.targets")).isEqualTo(List.of("azure-swedencentral", "azure-westeurope",
        "aws-eu-central-1", "openai"));
    assertThat(clouds.azure("swedencentral").requestCount()).as("the call went to the first target").isOne();
    assertThatClosed(client);
    assertThat(listening(URI.create(clouds.azure("swedencentral").endpoint().toString()))).isFalse();
  }

  @Test
  void aRegisteredExtension_startsItsClouds_choosesTheTargets_andConfiguresTheClient() {
    TestExecutionSummary summary = run(RegisteredFixture.class);

    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    EmulatedClouds clouds = (EmulatedClouds) GIVEN.get("registered.clouds");
    assertThat(clouds.azureRegions()).containsExactly("swedencentral", "eastus");
    assertThat(clouds.bedrockRegions()).isEmpty();
    assertThat(clouds.hasOpenAi()).isFalse();
    assertThat(GIVEN.get("registered.targets")).isEqualTo(List.of("azure-us", "azure-swc"));
    // EU residency, set through client(...): the first target, in the US, was never called.
    assertThat(clouds.azure("eastus").requestCount()).isZero();
    assertThat(clouds.azure("swedencentral").requestCount()).isEqualTo(1);
    assertThat(((EmulatedClouds) GIVEN.get("annotated-registered.clouds")).azureRegions())
        .as("a @Clouds annotation still wins").containsExactly("westeurope");
  }

  @Test
  void aClientBuilderThatThrows_failsTheTestWithItsCause() {
    TestExecutionSummary summary = run(BrokenClientFixture.class);

    assertThat(failures(summary)).singleElement().satisfies(t -> assertThat(t)
        .isInstanceOf(org.junit.jupiter.api.extension.ParameterResolutionException.class)
        .hasMessageContaining("StatelineClient").hasMessageContaining("no such policy"));
    assertThat(listening(URI.create(((EmulatedClouds) GIVEN.get("broken.clouds")).azure("swedencentral")
        .endpoint().toString()))).as("the clouds started for it were closed").isFalse();
  }

  private static void assertThatClosed(StatelineClient client) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, "hi")))
        .isInstanceOf(IllegalStateException.class);
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  @StatelineTest
  static class ClientFixture {
    @Test
    void calls(StatelineClient client, EmulatedClouds clouds) {
      clouds.azure("swedencentral").enqueue(AzureReply.text("Hello from Sweden."));
      assertThat(client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, "Hello?")).text())
          .isEqualTo("Hello from Sweden.");
      GIVEN.put("client.clouds", clouds);
      GIVEN.put("client.client", client);
      GIVEN.put("client.targets", client.targets().stream().map(t -> t.name()).toList());
    }
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  static class RegisteredFixture {
    @RegisterExtension
    static final StatelineExtension STATELINE = StatelineExtension.builder()
        .clouds(clouds -> clouds.azure("swedencentral").azure("eastus"))
        .targets(clouds -> List.of(clouds.azureTarget("azure-us", "eastus"),
            clouds.azureTarget("azure-swc", "swedencentral")))
        .client((client, clouds) -> client.placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
            .retryPolicy(RetryPolicy.builder().maxAttempts(1).initialBackoff(Duration.ofMillis(1)).build()))
        .build();

    @Test
    void placesUnderEuResidency(StatelineClient client, EmulatedClouds clouds) {
      clouds.azure("swedencentral").enqueue(AzureReply.text("Hej."));
      assertThat(client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, "Hello?")).text()).isEqualTo("Hej.");
      GIVEN.put("registered.clouds", clouds);
      GIVEN.put("registered.targets", client.targets().stream().map(t -> t.name()).toList());
    }

    @Test
    @Clouds(azure = "westeurope", bedrock = {}, openAi = "")
    void annotated(EmulatedClouds clouds) {
      GIVEN.put("annotated-registered.clouds", clouds);
    }
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  static class BrokenClientFixture {
    @RegisterExtension
    final StatelineExtension stateline = StatelineExtension.builder()
        .clouds(clouds -> clouds.azure("swedencentral").conditions(Conditions.none()))
        .client((client, clouds) -> {
          throw new IllegalArgumentException("no such policy");
        })
        .build();

    @Test
    void neverRuns(EmulatedClouds clouds, StatelineClient client) {
      GIVEN.put("broken.client", client);
    }

    @org.junit.jupiter.api.AfterEach
    void remember(EmulatedClouds clouds) {
      GIVEN.put("broken.clouds", clouds);
    }
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  @StatelineTest
  static class Fixture {
    private EmulatedClouds cloudsBefore;
    private FakeChatModel fakeBefore;

    @BeforeEach
    void setUp(EmulatedClouds clouds, FakeChatModel fake) {
      this.cloudsBefore = clouds;
      this.fakeBefore = fake;
    }

    @Test
    void first(EmulatedClouds clouds, FakeChatModel fake, OpenAiEmulator openai, AzureOpenAiEmulator azure,
        BedrockEmulator bedrock) {
      assertThat(clouds).isSameAs(cloudsBefore);
      assertThat(fake).isSameAs(fakeBefore);
      assertThat(clouds.azureRegions()).containsExactly("swedencentral", "westeurope");
      assertThat(openai.requestCount()).isZero();
      GIVEN.put("first.clouds", clouds);
      GIVEN.put("first.fake", fake);
      GIVEN.put("first.openai", openai);
      GIVEN.put("first.azure", azure);
      GIVEN.put("first.bedrock", bedrock);
    }

    @Test
    void second(EmulatedClouds clouds, FakeChatModel fake) {
      GIVEN.put("second.clouds", clouds);
      GIVEN.put("second.fake", fake);
    }

    @Test
    @Clouds(azure = "eastus", bedrock = {}, openAi = "")
    void third(EmulatedClouds clouds) {
      GIVEN.put("third.clouds", clouds);
    }
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  @StatelineTest
  @Clouds(azure = "swedencentral", bedrock = "eu-west-1")
  static class AnnotatedFixture {
    @Test
    void annotated(EmulatedClouds clouds) {
      GIVEN.put("annotated.clouds", clouds);
    }
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  @StatelineTest
  static class FailingFixture {
    @Test
    void fails(BedrockEmulator bedrock) {
      GIVEN.put("failing.bedrock", bedrock);
      throw new AssertionError("failing on purpose");
    }
  }

  @EnabledIf("dev.stateline.testing.junit.StatelineExtensionTest#launched")
  @StatelineTest
  static class UnknownParameterFixture {
    @Test
    void wantsAString(String notOurs) {
      GIVEN.put("unknown", Collections.emptyList());
    }
  }
}
