/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses the clouds of an {@link dev.stateline.testing.emulators.EmulatedClouds} that
 * {@link StatelineExtension} injects. Put it on the parameter, the test method or the test class
 * (the nearest one counts); without it the defaults of
 * {@link dev.stateline.testing.emulators.EmulatedClouds#start()} apply.
 *
 * <pre>{@code
 * @Test
 * void usCallsAreRefusedUnderEuResidency(@Clouds(azure = {"swedencentral", "eastus"}) EmulatedClouds clouds) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Clouds {

  /** Azure OpenAI regions, such as {@code swedencentral} or {@code eastus}. */
  String[] azure() default {"swedencentral", "westeurope"};

  /** Bedrock (AWS) regions, such as {@code eu-central-1}. */
  String[] bedrock() default {"eu-central-1"};

  /** The OpenAI data-residency region ({@code us}, {@code eu}), or {@code ""} for no OpenAI emulator. */
  String openAi() default "us";
}
