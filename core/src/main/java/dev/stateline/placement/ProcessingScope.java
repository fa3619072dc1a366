/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import dev.stateline.Region;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a target may <em>process</em> a call, which can be wider than the region of its endpoint:
 * one {@linkplain #region(Region) region}, a provider's {@linkplain #zone(String, String) data zone
 * or geography} (an Amazon Bedrock {@code eu.} inference profile, an Azure OpenAI EU Data Zone
 * deployment), {@linkplain #global(String) anywhere} (a Bedrock {@code global.} profile, an Azure
 * Global deployment), or {@linkplain #unknown(String) not known} (an Azure deployment whose type is
 * not declared, a Bedrock application inference profile).
 *
 * <p>Residency rules judge the processing scope ({@link Jurisdiction#allowsScope(ProcessingScope)}): a
 * region inside the jurisdiction's regions, a zone among its {@linkplain Jurisdiction#zones() zones};
 * a global or unknown scope satisfies no jurisdiction. Provider modules derive a target's scope;
 * {@link dev.stateline.Target.Builder#processingScope} declares it.
 *
 * <p>Immutable and thread-safe; {@code equals} compares kind, cloud and name.
 */
public final class ProcessingScope {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** What kind of scope this is. */
  public enum Kind {
    /** Processed in one region ({@link #region()}). */
    REGION,
    /** Processed anywhere in a provider's named data zone or geography, such as {@code aws/eu}. */
    ZONE,
    /** Processed anywhere the provider runs: satisfies no jurisdiction. */
    GLOBAL,
    /** Not known: satisfies no jurisdiction; {@link #name()} says what to declare. */
    UNKNOWN
  }

  private final Kind kind;
  private final String cloud;
  private final String name;
  private final Region region;

  private ProcessingScope(Kind kind, String cloud, String name, Region region) {
    this.kind = kind;
    this.cloud = cloud;
    this.name = name;
    this.region = region;
  }

  /** Processed in {@code region} only. */
  public static ProcessingScope region(Region region) {
    Objects.requireNonNull(region, "region");
    return new ProcessingScope(Kind.REGION, region.cloud(), region.name(), region);
  }

  /**
   * Processed anywhere in the data zone or geography {@code zone} of {@code cloud}, such as
   * {@code zone("aws", "eu")} for a Bedrock {@code eu.} profile or {@code zone("azure", "eu")} for an
   * Azure OpenAI Data Zone deployment in an EU region.
   *
   * @throws IllegalArgumentException if either is blank or not a lower-case name
   */
  public static ProcessingScope zone(String cloud, String zone) {
    return new ProcessingScope(Kind.ZONE, checked(cloud, "cloud"), checked(zone, "zone"), null);
  }

  /** Processed anywhere {@code cloud} runs, such as a Bedrock {@code global.} profile. */
  public static ProcessingScope global(String cloud) {
    return new ProcessingScope(Kind.GLOBAL, checked(cloud, "cloud"), "global", null);
  }

  /**
   * Not known. {@code whatToDeclare} says how to make it known, such as
   * {@code "declare deploymentType(...) on Azure target 'azure-swc'"}; it is shown in placements and
   * errors, so it must hold no secret.
   */
  public static ProcessingScope unknown(String whatToDeclare) {
    if (whatToDeclare == null || whatToDeclare.isBlank()) {
      throw new IllegalArgumentException("an unknown scope needs to say what to declare");
    }
    return new ProcessingScope(Kind.UNKNOWN, null, whatToDeclare, null);
  }

  private static String checked(String s, String what) {
    String v = s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    if (v == null || !NAME.matcher(v).matches()) {
      throw new IllegalArgumentException("a processing scope's " + what + " must be a lower-case name such as "
          + ("cloud".equals(what) ? "aws" : "eu") + "; was '" + s + "'");
    }
    return v;
  }

  public Kind kind() {
    return kind;
  }

  /** The cloud ({@code aws}, {@code azure}, {@code openai}), or null for {@link Kind#UNKNOWN}. */
  public String cloud() {
    return cloud;
  }

  /**
   * The region's or zone's name ({@code eu-central-1}, {@code eu}), {@code global}, or for
   * {@link Kind#UNKNOWN} what to declare.
   */
  public String name() {
    return name;
  }

  /** The region for {@link Kind#REGION}, otherwise null. */
  public Region region() {
    return region;
  }

  /** True unless {@link Kind#UNKNOWN}. */
  public boolean isKnown() {
    return kind != Kind.UNKNOWN;
  }

  /**
   * How a placement reason names it: {@code region aws/eu-central-1}, {@code zone aws/eu},
   * {@code global azure}, {@code unknown (declare ...)}.
   */
  public String describe() {
    switch (kind) {
      case REGION:
        return "region " + region;
      case ZONE:
        return "zone " + cloud + "/" + name;
      case GLOBAL:
        return "global " + cloud;
      default:
        return "unknown (" + name + ")";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessingScope s && kind == s.kind && Objects.equals(cloud, s.cloud) && name.equals(s.name);
  }

  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + Objects.hashCode(cloud)) * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return "ProcessingScope[" + describe() + "]";
  }
}
