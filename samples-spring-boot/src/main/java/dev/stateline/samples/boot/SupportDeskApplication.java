/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.boot;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.session.Session;
import dev.stateline.testing.emulators.EmulatedClouds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A Spring Boot application on {@code stateline-spring-boot-starter}: the client is configured in
 * {@code application.yml}; this class has no Stateline configuration code but a runner that summarises
 * a contract (a stateless call, placed on Azure) and answers a customer in a session (stateful,
 * placed on AWS), then prints the health indicator and the {@code gen_ai.client.operation} timers
 * that Actuator's observation support made of the two calls. {@link #main} runs it offline: it starts the
 * emulators and points the targets at them.
 */
@SpringBootApplication
public class SupportDeskApplication {

  /** Starts the emulators and the application; the emulators stop when the application does. */
  public static void main(String[] args) {
    run(args).close();
  }

  /** The application on freshly started emulators (closed with the context). */
  public static ConfigurableApplicationContext run(String... args) {
    EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start();
    Map<String, Object> onEmulators = new LinkedHashMap<>();
    onEmulators.put("stateline.targets.azure-swc.endpoint", clouds.azure("swedencentral").endpoint().toString());
    onEmulators.put("stateline.targets.azure-swc.api-key", clouds.azure("swedencentral").apiKey());
    onEmulators.put("stateline.targets.aws-fra.endpoint", clouds.bedrock("eu-central-1").endpoint().toString());
    try {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(SupportDeskApplication.class)
          .properties(onEmulators)
          .initializers(c -> c.getBeanFactory().registerSingleton("emulatedClouds", clouds))
          .run(args);
      context.addApplicationListener(e -> {
        if (e instanceof org.springframework.context.event.ContextClosedEvent) {
          clouds.close();
        }
      });
      return context;
    } catch (RuntimeException e) {
      clouds.close();
      throw e;
    }
  }

  /**
   * The emulators' fake AWS credentials. A real deployment defines no such bean: the AWS default
   * chain (environment, profile, web identity, instance role) is used.
   */
  @Bean
  AwsCredentialsProvider emulatorCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(EmulatedClouds.AWS_ACCESS_KEY_ID, EmulatedClouds.AWS_SECRET_ACCESS_KEY));
  }

  /** The support desk's work: one stateless call, one session turn, the health. */
  @Bean
  CommandLineRunner supportDesk(StatelineClient client,
      @Qualifier("statelineHealthIndicator") HealthIndicator statelineHealthIndicator, MeterRegistry meters) {
    return args -> {
      ChatResponse summary = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract in one line."));
      System.out.println("summary  -> " + summary.target() + ": " + summary.text());
      try (Session session = client.session("case-4711")) {
        ChatResponse turn = session.send("Where is my order?");
        System.out.println("session  -> " + turn.target() + ": " + turn.text());
      }
      System.out.println("health   -> " + statelineHealthIndicator.health(true));
      for (Timer t : meters.find("gen_ai.client.operation").timers()) {
        System.out.println("timer    -> " + t.getId().getTag("stateline.target") + " "
            + t.getId().getTag("stateline.call.kind") + " " + t.getId().getTag("stateline.outcome") + ": "
            + t.count() + " call(s)");
      }
    };
  }
}
