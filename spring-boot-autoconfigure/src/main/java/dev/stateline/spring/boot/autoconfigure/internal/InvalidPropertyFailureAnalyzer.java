/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spring.boot.autoconfigure.internal;

import dev.stateline.spring.boot.autoconfigure.InvalidStatelinePropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidStatelinePropertyException} anywhere in a failed start into Spring Boot's
 * "APPLICATION FAILED TO START" report: the property and what is wrong as the description, where
 * to look as the action. Stateless.
 */
public final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidStatelinePropertyException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidStatelinePropertyException cause) {
    return new FailureAnalysis("Stateline's configuration is invalid: " + cause.getMessage(),
        "Fix the property " + cause.property() + " in your application properties or YAML "
            + "(see docs/integrations/spring-boot.md for every stateline.* property).", cause);
  }
}
