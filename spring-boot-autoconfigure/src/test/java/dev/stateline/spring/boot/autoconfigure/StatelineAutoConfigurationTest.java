/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.audit.AuditTrail;
import dev.stateline.aws.DynamoDbSessionStore;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.micrometer.StatelineObservations;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionStore;
import dev.stateline.session.file.FileSessionStore;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.dynamodb.DynamoDbEmulator;
import dev.stateline.testing.emulators.EmulatedClouds;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The auto-configuration on Spring Boot 4's ApplicationContextRunner, with targets on the Azure and
 * Bedrock emulators: what application.yml configures, what a user's bean replaces, and the errors
 * that name the property.
 */
class StatelineAutoConfigurationTest {
  private static EmulatedClouds clouds;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start();
  }

  @AfterAll
  static void stop() {
    clouds.close();
  }

  private static final AwsCredentialsProvider EMULATOR_CREDENTIALS = StaticCredentialsProvider.create(
      AwsBasicCredentials.create(EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(StatelineAutoConfiguration.class,
          StatelineHealthAutoConfiguration.class))
      .withBean(AwsCredentialsProvider.class, () -> EMULATOR_CREDENTIALS);

  private static String[] twoClouds() {
    return new String[] {
        "stateline.targets.azure-swc.provider=azure-openai",
        "stateline.targets.azure-swc.endpoint=" + clouds.azure("swedencentral").endpoint(),
        "stateline.targets.azure-swc.region=swedencentral",
        "stateline.targets.azure-swc.api-key=" + clouds.azure("swedencentral").apiKey(),
        "stateline.targets.azure-swc.models[gpt-4.1]=" + EmulatedClouds.AZURE_DEPLOYMENT,
        "stateline.targets.azure-swc.deployment-type=standard",
        "stateline.targets.aws-fra.provider=bedrock",
        "stateline.targets.aws-fra.region=eu-central-1",
        "stateline.targets.aws-fra.endpoint=" + clouds.bedrock("eu-central-1").endpoint(),
        "stateline.targets.aws-fra.models[gpt-4.1]=" + EmulatedClouds.BEDROCK_MODEL_ID,
        "stateline.placement.residency=EU",
        "stateline.retry.max-attempts=1",
        "stateline.timeouts.total=20s"};
  }

  @Test
  void propertiesConfigureAClient_statelessCallsGoToAzure_sessionsToAws_andItIsClosedWithTheContext() {
    StatelineClient[] kept = new StatelineClient[1];
    runner.withPropertyValues(twoClouds()).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(StatelineClient.class);
      StatelineClient client = context.getBean(StatelineClient.class);
      kept[0] = client;
      assertThat(client.targets()).extracting(t -> t.name()).containsExactly("azure-swc", "aws-fra");
      assertThat(context.getBean(PlacementPolicy.class)).isInstanceOfSatisfying(StandardPolicy.class,
          p -> assertThat(p.residency().name()).isEqualTo("EU"));
      assertThat(context.getBean(RetryPolicy.class).maxAttempts()).isEqualTo(1);
      assertThat(context.getBean(SessionStore.class)).isInstanceOf(InMemorySessionStore.class);

      ChatResponse stateless = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract"));
      assertThat(stateless.target()).isEqualTo("azure-swc");
      try (Session session = client.session("case-4711")) {
        assertThat(session.send("What does clause 7 say?").target()).isEqualTo("aws-fra");
      }
    });
    assertThatThrownBy(() -> kept[0].session("after-close")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theUsersBeansWin() {
    FakeChatModel fake = new FakeChatModel();
    StatelineClient own = StatelineClient.builder().target(fake.asTarget("mine", "gpt-4.1")).build();
    runner.withPropertyValues(twoClouds()).withBean(StatelineClient.class, () -> own).run(context ->
        assertThat(context.getBean(StatelineClient.class)).isSameAs(own));

    PlacementPolicy mine = PlacementPolicy.standard().prefer("aws-fra");
    runner.withPropertyValues(twoClouds()).withBean(PlacementPolicy.class, () -> mine).run(context ->
        assertThat(context.getBean(PlacementPolicy.class)).isSameAs(mine));
    own.close();
  }

  @Test
  void aTargetBeanOfTheApplication_joinsThePropertiesTargets() {
    FakeChatModel fake = new FakeChatModel();
    runner.withPropertyValues(twoClouds())
        .withBean("extra", dev.stateline.Target.class, () -> fake.asTarget("fake-extra", "gpt-4.1"))
        .run(context -> assertThat(context.getBean(StatelineClient.class).targets()).extracting(t -> t.name())
            .containsExactly("azure-swc", "aws-fra", "fake-extra"));
  }

  /** Each bad value fails the start with the property's name, never an API key's value. */
  @Test
  void invalidValues_failTheStart_namingTheProperty() {
    Map<String, String[]> cases = Map.of(
        "stateline.targets.azure-swc.endpoint", new String[] {"stateline.targets.azure-swc.provider=azure-openai",
            "stateline.targets.azure-swc.api-key=SECRET-KEY-1234", "stateline.targets.azure-swc.models[gpt-4.1]=d"},
        "stateline.targets.azure-swc.models", new String[] {"stateline.targets.azure-swc.provider=azure-openai",
            "stateline.targets.azure-swc.api-key=SECRET-KEY-1234"},
        "stateline.targets.x.provider", new String[] {"stateline.targets.x.region=eu-central-1"},
        "stateline.targets.aws.region", new String[] {"stateline.targets.aws.provider=bedrock",
            "stateline.targets.aws.models[gpt-4.1]=m"},
        "stateline.placement.prefer[0]", concat(twoClouds(), "stateline.placement.prefer=nowhere"),
        "stateline.placement.residency-regions[1]", concat(twoClouds(),
            "stateline.placement.residency-regions=azure/swedencentral,eu-central-1"),
        "stateline.placement.residency", concat(twoClouds(), "stateline.placement.residency=MARS"),
        "stateline.session-store.directory", concat(twoClouds(), "stateline.session-store.type=file"),
        "stateline.retry", concat(twoClouds(), "stateline.retry.max-attempts=0"),
        "stateline.targets", new String[] {"stateline.retry.max-attempts=1"});
    cases.forEach((property, values) -> runner.withPropertyValues(values).run(context -> {
      assertThat(context).hasFailed();
      Throwable root = context.getStartupFailure();
      while (root.getCause() != null && !(root instanceof InvalidStatelinePropertyException)) {
        root = root.getCause();
      }
      assertThat(root).as(property).isInstanceOf(InvalidStatelinePropertyException.class)
          .hasMessageStartingWith(property + ": ").hasMessageNotContaining("SECRET-KEY-1234");
      assertThat(((InvalidStatelinePropertyException) root).property()).isEqualTo(property);
    }));
  }

  /** Azure's deployment type says where the data is processed; residency judges it, fail closed. */
  @Test
  void azureDeploymentType_isReadInEveryForm_andAnUnknownOneFailsTheStartNamingTheProperty() {
    for (String form : new String[] {"global-standard", "GlobalStandard", "GLOBAL_STANDARD"}) {
      runner.withPropertyValues(withoutResidency(concat(twoClouds(), "stateline.targets.azure-swc.deployment-type=" + form)))
          .run(context -> assertThat(context.getBean(StatelineClient.class).targets().get(0)
              .processingScope("gpt-4.1").describe()).as(form).contains("global"));
    }
    runner.withPropertyValues(concat(twoClouds(), "stateline.targets.azure-swc.deployment-type=regional"))
        .run(context -> {
          Throwable root = context.getStartupFailure();
          while (root.getCause() != null && !(root instanceof InvalidStatelinePropertyException)) {
            root = root.getCause();
          }
          assertThat(root).isInstanceOf(InvalidStatelinePropertyException.class)
              .hasMessageStartingWith("stateline.targets.azure-swc.deployment-type: is 'regional'");
        });
  }

  @Test
  void underEuResidency_aGlobalAzureDeploymentTakesNoCall() {
    runner.withPropertyValues(concat(twoClouds(), "stateline.targets.azure-swc.deployment-type=global-standard"))
        .run(context -> assertThatThrownBy(() -> context.getBean(StatelineClient.class)
            .chat(ChatRequest.of("gpt-4.1", "Summarise this contract")))
            .isInstanceOf(dev.stateline.error.NoEligibleTargetException.class)
            .hasMessageContaining("azure-swc"));
  }

  private static String[] withoutResidency(String[] values) {
    return java.util.Arrays.stream(values).filter(v -> !v.startsWith("stateline.placement.residency"))
        .toArray(String[]::new);
  }

  @Test
  void springBootsFailureReport_namesThePropertyAndWhatToDo() {
    runner.withPropertyValues("stateline.targets.x.region=eu-central-1").run(context -> {
      org.springframework.boot.diagnostics.FailureAnalysis analysis =
          new dev.stateline.spring.boot.autoconfigure.internal.InvalidPropertyFailureAnalyzer()
              .analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).contains("stateline.targets.x.provider: must be set");
      assertThat(analysis.getAction()).contains("stateline.targets.x.provider");
    });
    assertThat(getClass().getResource("/META-INF/spring.factories")).as("registered for Spring Boot").isNotNull();
  }

  @Test
  void aValueThatDoesNotConvert_isNamedBySpringBootsBinder() {
    runner.withPropertyValues(concat(twoClouds(), "stateline.timeouts.total=soon")).run(context ->
        assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("soon"));
    runner.withPropertyValues(concat(twoClouds(), "stateline.timeouts.total=soon")).run(context ->
        assertThat(context.getStartupFailure()).hasStackTraceContaining("stateline.timeouts.total"));
  }

  @Test
  void fileAndDynamoDbSessionStores_andAnAuditTrail_fromProperties() {
    runner.withPropertyValues(concat(twoClouds(), "stateline.session-store.type=file",
        "stateline.session-store.directory=" + dir.resolve("sessions"), "stateline.audit.file=" + dir.resolve("audit.log")))
        .run(context -> {
          assertThat(context.getBean(SessionStore.class)).isInstanceOf(FileSessionStore.class);
          assertThat(context).hasSingleBean(AuditTrail.class);
          context.getBean(StatelineClient.class).session("case-1").send("Hello");
          assertThat(Files.list(dir.resolve("sessions"))).isNotEmpty();
        });
    assertThat(dir.resolve("audit.log")).isNotEmptyFile();

    try (DynamoDbEmulator dynamo = DynamoDbEmulator.start()
        .acceptCredentials(EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY)) {
      dynamo.createTable("sessions", DynamoDbSessionStore.PARTITION_KEY, DynamoDbSessionStore.SORT_KEY);
      runner.withPropertyValues(concat(twoClouds(), "stateline.session-store.type=dynamodb",
          "stateline.session-store.table=sessions", "stateline.session-store.region=eu-central-1",
          "stateline.session-store.endpoint=" + dynamo.endpoint())).run(context -> {
            assertThat(context.getBean(SessionStore.class)).isInstanceOf(DynamoDbSessionStore.class);
            context.getBean(StatelineClient.class).session("case-2").send("Hello");
            assertThat(dynamo.itemCount("sessions")).isPositive();
          });
    }
  }

  @Test
  void withAnObservationRegistry_everyCallIsObserved() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    runner.withPropertyValues(twoClouds()).withBean(ObservationRegistry.class, () -> registry).run(context -> {
      assertThat(context).hasSingleBean(StatelineObservations.class);
      context.getBean(StatelineClient.class).chat(ChatRequest.of("gpt-4.1", "Hi"));
      io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
          .hasSingleObservationThat().hasNameEqualTo("gen_ai.client.operation")
          .hasLowCardinalityKeyValue("stateline.target", "azure-swc");
    });
    runner.withPropertyValues(concat(twoClouds(), "stateline.observations.enabled=false"))
        .withBean(ObservationRegistry.class, () -> registry)
        .run(context -> assertThat(context).doesNotHaveBean(StatelineObservations.class));
  }

  @Test
  void theHealthIndicator_reportsEachTarget_andIsDownWhenNoTargetAcceptsCalls() {
    runner.withPropertyValues(concat(twoClouds(), "stateline.retry.max-attempts=1")).run(context -> {
      HealthIndicator health = context.getBean("statelineHealthIndicator", HealthIndicator.class);
      Health h = health.health(true);
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> targets = (Map<String, Map<String, Object>>) h.getDetails().get("targets");
      assertThat(targets).containsOnlyKeys("azure-swc", "aws-fra");
      assertThat(targets.get("azure-swc")).containsEntry("circuit", "closed").containsEntry("provider",
          "azure.ai.openai").containsEntry("region", "azure/swedencentral");
      assertThat(h.toString()).doesNotContain(clouds.azure("swedencentral").apiKey());
    });
    runner.withPropertyValues(concat(twoClouds(), "management.health.stateline.enabled=false"))
        .run(context -> assertThat(context).doesNotHaveBean("statelineHealthIndicator"));
  }

  @Test
  void onSpringBoot35_theActuatorHealthIndicatorStandsIn() {
    ApplicationContextRunner boot35 = runner
        .withConfiguration(AutoConfigurations.of(StatelineActuatorHealthAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor."));
    boot35.withPropertyValues(twoClouds()).run(context -> {
      org.springframework.boot.actuate.health.Health h = context
          .getBean("statelineHealthIndicator", org.springframework.boot.actuate.health.HealthIndicator.class)
          .health();
      assertThat(h.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
      assertThat(h.getDetails()).containsKey("targets");
    });
    runner.withConfiguration(AutoConfigurations.of(StatelineActuatorHealthAutoConfiguration.class))
        .withPropertyValues(twoClouds()).run(context -> assertThat(context.getBean("statelineHealthIndicator"))
            .isInstanceOf(HealthIndicator.class));
  }

  @Test
  void thePropertyMetadataIsGenerated_forIdeCompletion() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-boot-configuration-processor's output").isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(json).contains("\"stateline.targets\"", "\"stateline.placement.residency\"",
          "\"stateline.session-store.type\"", "\"stateline.retry.max-attempts\"", "\"stateline.price-book\"",
          "The targets by name");
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
