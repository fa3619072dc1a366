/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.governance.dynamodb;

import dev.stateline.CallOptions;
import java.util.Objects;

/**
 * What a shared spend counter counts: the whole fleet, one target, one tenant or tag, or a tenant or
 * tag on one target. Immutable value; names must be non-blank.
 */
public final class SpendScope {
  enum Kind {
    TOTAL("total"), TARGET("target"), TENANT("tenant"), TAG("tag"), TENANT_ON_TARGET("tenant-target"),
    TAG_ON_TARGET("tag-target");

    final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  private static final SpendScope TOTAL = new SpendScope(Kind.TOTAL, null, null);

  private final Kind kind;
  private final String name;
  private final String target;

  private SpendScope(Kind kind, String name, String target) {
    this.kind = kind;
    this.name = name;
    this.target = target;
  }

  /** Everything the fleet books. */
  public static SpendScope total() {
    return TOTAL;
  }

  /** Calls answered by the target named {@code target}. */
  public static SpendScope target(String target) {
    return new SpendScope(Kind.TARGET, null, check(target, "target"));
  }

  /** Calls of {@code tenant} ({@link CallOptions#tenant()}), on all targets. */
  public static SpendScope tenant(String tenant) {
    return new SpendScope(Kind.TENANT, check(tenant, "tenant"), null);
  }

  /** Calls tagged {@code tag} ({@link CallOptions#tags()}), on all targets. */
  public static SpendScope tag(String tag) {
    return new SpendScope(Kind.TAG, check(tag, "tag"), null);
  }

  /** Calls of {@code tenant} answered by {@code target}. */
  public static SpendScope tenantOnTarget(String tenant, String target) {
    return new SpendScope(Kind.TENANT_ON_TARGET, check(tenant, "tenant"), check(target, "target"));
  }

  /** Calls tagged {@code tag} answered by {@code target}. */
  public static SpendScope tagOnTarget(String tag, String target) {
    return new SpendScope(Kind.TAG_ON_TARGET, check(tag, "tag"), check(target, "target"));
  }

  private static String check(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must be non-blank");
    }
    return s;
  }

  Kind kind() {
    return kind;
  }

  String name() {
    return name;
  }

  String target() {
    return target;
  }

  /** True if this counter is tied to one target (it refuses only that target). */
  boolean onTarget() {
    return target != null;
  }

  /** Whether a call with these options, on the target named {@code targetName}, counts here. */
  boolean covers(CallOptions options, String targetName) {
    return switch (kind) {
      case TOTAL -> true;
      case TARGET -> target.equals(targetName);
      case TENANT -> name.equals(options.tenant());
      case TAG -> options.tags().contains(name);
      case TENANT_ON_TARGET -> name.equals(options.tenant()) && target.equals(targetName);
      case TAG_ON_TARGET -> options.tags().contains(name) && target.equals(targetName);
    };
  }

  /** The key part after the period: {@code tenant#acme}, {@code tag-target#batch#az-swc}. */
  String key() {
    StringBuilder sb = new StringBuilder(kind.key);
    if (name != null) {
      sb.append('#').append(GovernanceTable.keyPart(name));
    }
    if (target != null) {
      sb.append('#').append(GovernanceTable.keyPart(target));
    }
    return sb.toString();
  }

  /** For reasons: {@code tenant 'acme'}, {@code tag 'batch' on target 'az-swc'}. */
  String describe() {
    return switch (kind) {
      case TOTAL -> "the fleet";
      case TARGET -> "target '" + target + "'";
      case TENANT -> "tenant '" + name + "'";
      case TAG -> "tag '" + name + "'";
      case TENANT_ON_TARGET -> "tenant '" + name + "' on this target";
      case TAG_ON_TARGET -> "tag '" + name + "' on this target";
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpendScope s && s.kind == kind && Objects.equals(s.name, name) && Objects.equals(s.target, target);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, target);
  }

  @Override
  public String toString() {
    return "SpendScope[" + key() + "]";
  }
}
