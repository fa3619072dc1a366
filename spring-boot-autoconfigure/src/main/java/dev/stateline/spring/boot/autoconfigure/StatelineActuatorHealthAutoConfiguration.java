/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure;

import dev.stateline.StatelineClient;
import dev.stateline.spring.boot.autoconfigure.internal.TargetHealthDetails;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The same health indicator as {@link StatelineHealthAutoConfiguration}, for Spring Boot 3.5, whose
 * health contributors are in {@code spring-boot-actuator}
 * ({@code org.springframework.boot.actuate.health}). It stands back on Spring Boot 4.
 */
@AutoConfiguration(after = StatelineAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
    "dev.stateline.StatelineClient"})
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(StatelineClient.class)
@ConditionalOnProperty(prefix = "management.health.stateline", name = "enabled", matchIfMissing = true)
public class StatelineActuatorHealthAutoConfiguration {
  /** The indicator; an application's bean of the same name wins. */
  @Bean
  @ConditionalOnMissingBean(name = "statelineHealthIndicator")
  public HealthIndicator statelineHealthIndicator(StatelineClient client) {
    return () -> {
      TargetHealthDetails d = TargetHealthDetails.of(client);
      return (d.up() ? Health.up() : Health.down()).withDetail("targets", d.targets()).build();
    };
  }
}
