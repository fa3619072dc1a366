/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import dev.stateline.Region;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A data-residency boundary: a name, the explicit set of cloud regions a call may run in, and the
 * explicit set of provider data zones ({@link ProcessingScope.Kind#ZONE}) whose every region lies
 * inside it.
 *
 * <p>Residency is judged by where a target may <em>process</em> a call ({@link #allowsScope(ProcessingScope)}):
 * a region scope must be one of {@link #regions()}, a zone scope one of {@link #zones()}; a global or
 * unknown scope satisfies no jurisdiction.
 *
 * <p>Residency fails closed: a target outside the set, or one that declares no region, never takes
 * a call bound to the jurisdiction, not as a fallback and not when a session moves. A call that no
 * target inside may take fails with a {@link dev.stateline.error.ResidencyViolationException}.
 *
 * <p>{@link #EU} lists the European Union regions of Azure, AWS and OpenAI's EU data residency. The
 * list is explicit so you can check it against your own compliance rules, and adjust it with
 * {@link #plus} and {@link #minus}; {@link #of} defines your own.
 *
 * <p>Immutable and thread-safe.
 */
public final class Jurisdiction {

  /**
   * Regions inside the European Union.
   *
   * <ul>
   *   <li>Azure: {@code westeurope} (Netherlands), {@code northeurope} (Ireland),
   *       {@code swedencentral}, {@code swedensouth}, {@code francecentral}, {@code francesouth},
   *       {@code germanywestcentral}, {@code germanynorth}, {@code italynorth},
   *       {@code polandcentral}, {@code spaincentral}, {@code austriaeast}, {@code belgiumcentral},
   *       {@code denmarkeast} (Denmark; a public Azure region, not yet listed for Azure OpenAI).
   *   <li>AWS: {@code eu-central-1} (Frankfurt), {@code eu-west-1} (Ireland), {@code eu-west-3}
   *       (Paris), {@code eu-north-1} (Stockholm), {@code eu-south-1} (Milan), {@code eu-south-2}
   *       (Spain).
   *   <li>OpenAI: {@code openai/eu} (OpenAI's European data residency).
   * </ul>
   *
   * <p>Zones: {@code aws/eu} (Amazon Bedrock's EU geography, the {@code eu.} cross-Region inference
   * profiles, which AWS keeps within the AWS Regions of the EU) and {@code azure/eu} (Azure OpenAI's
   * EU Data Zone deployments, processed in EU member nations). Remove one with {@link #minusZones}
   * if your rules ask for more than the provider's commitment.
   *
   * <p>Not included, because they lie outside the EU: Azure {@code uksouth}, {@code ukwest},
   * {@code switzerlandnorth}, {@code switzerlandwest}, {@code norwayeast}, {@code norwaywest}; AWS
   * {@code eu-west-2} (London), {@code eu-central-2} (Zurich). Regions opened after this list was
   * written (the AWS European Sovereign Cloud, say) are not included either: add them with
   * {@link #plus}.
   */
  public static final Jurisdiction EU = of("EU",
      Region.azure("westeurope"), Region.azure("northeurope"),
      Region.azure("swedencentral"), Region.azure("swedensouth"),
      Region.azure("francecentral"), Region.azure("francesouth"),
      Region.azure("germanywestcentral"), Region.azure("germanynorth"),
      Region.azure("italynorth"), Region.azure("polandcentral"), Region.azure("spaincentral"),
      Region.azure("austriaeast"), Region.azure("belgiumcentral"), Region.azure("denmarkeast"),
      Region.aws("eu-central-1"), Region.aws("eu-west-1"), Region.aws("eu-west-3"),
      Region.aws("eu-north-1"), Region.aws("eu-south-1"), Region.aws("eu-south-2"),
      Region.openai("eu"))
      .plusZones(ProcessingScope.zone("aws", "eu"), ProcessingScope.zone("azure", "eu"));

  private final String name;
  private final Set<Region> regions;
  private final Set<ProcessingScope> zones;

  private Jurisdiction(String name, Set<Region> regions) {
    this(name, regions, Set.of(), false);
  }

  private Jurisdiction(String name, Set<Region> regions, Set<ProcessingScope> zones, boolean mayBeEmpty) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a jurisdiction needs a name");
    }
    if (regions.isEmpty() && !mayBeEmpty) {
      throw new IllegalArgumentException("jurisdiction '" + name + "' needs at least one region");
    }
    for (Region r : regions) {
      Objects.requireNonNull(r, "a jurisdiction's regions cannot be null");
    }
    for (ProcessingScope z : zones) {
      if (Objects.requireNonNull(z, "a jurisdiction's zones cannot be null").kind() != ProcessingScope.Kind.ZONE) {
        throw new IllegalArgumentException("jurisdiction '" + name + "' takes zones only, not " + z);
      }
    }
    this.name = name;
    this.regions = Collections.unmodifiableSet(new LinkedHashSet<>(regions));
    this.zones = Collections.unmodifiableSet(new LinkedHashSet<>(zones));
  }

  /**
   * A jurisdiction of your own.
   *
   * @throws IllegalArgumentException if the name is blank or no region is given
   */
  public static Jurisdiction of(String name, Region... regions) {
    return new Jurisdiction(name, new LinkedHashSet<>(Arrays.asList(regions)));
  }

  /** A jurisdiction of your own. */
  public static Jurisdiction of(String name, Collection<Region> regions) {
    return new Jurisdiction(name, new LinkedHashSet<>(regions));
  }

  /** The name shown in placements and errors, such as {@code EU}. */
  public String name() {
    return name;
  }

  /** Every region a call may run in. */
  public Set<Region> regions() {
    return regions;
  }

  /** Every provider data zone a call may be processed in (empty for {@link #of} until {@link #plusZones}). */
  public Set<ProcessingScope> zones() {
    return zones;
  }

  /** True if {@code region} is inside; false for null (an undeclared region is never inside). */
  public boolean allows(Region region) {
    return region != null && regions.contains(region);
  }

  /**
   * True if a call processed anywhere in {@code scope} stays inside: a region scope whose region is
   * among {@link #regions()}, a zone scope among {@link #zones()}; never a global or unknown scope,
   * nor null.
   */
  public boolean allowsScope(ProcessingScope scope) {
    if (scope == null) {
      return false;
    }
    switch (scope.kind()) {
      case REGION:
        return regions.contains(scope.region());
      case ZONE:
        return zones.contains(scope);
      default:
        return false;
    }
  }

  /** A copy with more regions, keeping the name and zones. */
  public Jurisdiction plus(Region... more) {
    Set<Region> set = new LinkedHashSet<>(regions);
    set.addAll(Arrays.asList(more));
    return new Jurisdiction(name, set, zones, false);
  }

  /** A copy without some regions, keeping the name and zones. */
  public Jurisdiction minus(Region... fewer) {
    Set<Region> set = new LinkedHashSet<>(regions);
    set.removeAll(Arrays.asList(fewer));
    return new Jurisdiction(name, set, zones, false);
  }

  /**
   * A copy that also accepts calls processed anywhere in these data zones, keeping the name. Add a
   * zone only if every region the provider may route it to lies inside.
   *
   * @throws IllegalArgumentException if a scope is not a {@link ProcessingScope.Kind#ZONE}
   */
  public Jurisdiction plusZones(ProcessingScope... more) {
    Set<ProcessingScope> set = new LinkedHashSet<>(zones);
    set.addAll(Arrays.asList(more));
    return new Jurisdiction(name, regions, set, false);
  }

  /** A copy without some zones, keeping the name and regions. */
  public Jurisdiction minusZones(ProcessingScope... fewer) {
    Set<ProcessingScope> set = new LinkedHashSet<>(zones);
    set.removeAll(Arrays.asList(fewer));
    return new Jurisdiction(name, regions, set, false);
  }

  /**
   * The jurisdiction a call is bound to under a policy: the regions (and zones) both allow. A call's
   * jurisdiction can only narrow the policy's, never widen it: one inside the policy's is used as
   * is, one that contains the policy's leaves the policy's, and one that overlaps it partly keeps
   * the common regions (named {@code POLICY&CALL}; possibly none, and then no target is inside).
   *
   * @param policy the policy's (client-wide) jurisdiction, or null for none
   * @param call the call's own jurisdiction, or null for none
   * @return the effective jurisdiction, or null if neither applies
   */
  public static Jurisdiction narrowed(Jurisdiction policy, Jurisdiction call) {
    if (call == null || call == policy) {
      return policy;
    }
    if (policy == null || policy.regions.containsAll(call.regions) && policy.zones.containsAll(call.zones)) {
      return call;
    }
    if (call.regions.containsAll(policy.regions) && call.zones.containsAll(policy.zones)) {
      return policy;
    }
    Set<Region> both = new LinkedHashSet<>(policy.regions);
    both.retainAll(call.regions);
    Set<ProcessingScope> bothZones = new LinkedHashSet<>(policy.zones);
    bothZones.retainAll(call.zones);
    return new Jurisdiction(policy.name + "&" + call.name, both, bothZones, true);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Jurisdiction j && name.equals(j.name) && regions.equals(j.regions) && zones.equals(j.zones);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + regions.hashCode()) * 31 + zones.hashCode();
  }

  @Override
  public String toString() {
    TreeSet<String> sorted = new TreeSet<>();
    for (Region r : regions) {
      sorted.add(r.toString());
    }
    TreeSet<String> sortedZones = new TreeSet<>();
    for (ProcessingScope z : zones) {
      sortedZones.add(z.cloud() + "/" + z.name());
    }
    return "Jurisdiction[" + name + ": " + sorted + (zones.isEmpty() ? "" : ", zones=" + sortedZones) + "]";
  }
}
