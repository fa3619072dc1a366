/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure;

import dev.stateline.StatelineClient;
import dev.stateline.spring.boot.autoconfigure.internal.TargetHealthDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * An Actuator health indicator ({@code stateline}) from the client's target health, on Spring Boot
 * 4 ({@code spring-boot-health}): UP while at least one target accepts calls, DOWN when none does;
 * the details give each target's circuit state and calls in flight (never a credential or an
 * endpoint's query). Off with {@code management.health.stateline.enabled=false}.
 */
@AutoConfiguration(after = StatelineAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, StatelineClient.class})
@ConditionalOnBean(StatelineClient.class)
@ConditionalOnProperty(prefix = "management.health.stateline", name = "enabled", matchIfMissing = true)
public class StatelineHealthAutoConfiguration {
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
