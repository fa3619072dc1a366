/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a target runs: a cloud and that cloud's region name ({@code azure/swedencentral},
 * {@code aws/eu-central-1}). Placement uses it to apply residency rules.
 *
 * @param cloud the cloud, lower case ({@code azure}, {@code aws}, {@code openai}, or another)
 * @param name the cloud's own region name, lower case
 */
public record Region(String cloud, String name) {
  public Region {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(name, "name");
    if (cloud.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("a region needs a cloud and a name");
    }
    cloud = cloud.toLowerCase(Locale.ROOT);
    name = name.toLowerCase(Locale.ROOT);
  }

  /** An Azure region, such as {@code swedencentral}. */
  public static Region azure(String name) {
    return new Region("azure", name);
  }

  /** An AWS region, such as {@code eu-central-1}. */
  public static Region aws(String name) {
    return new Region("aws", name);
  }

  /** An OpenAI data-residency region, such as {@code us} or {@code eu}. */
  public static Region openai(String name) {
    return new Region("openai", name);
  }

  @Override
  public String toString() {
    return cloud + "/" + name;
  }
}
