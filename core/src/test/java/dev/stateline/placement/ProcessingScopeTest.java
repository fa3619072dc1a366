/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Region;
import org.junit.jupiter.api.Test;

/** The processing scope value, and the zones of a jurisdiction. */
class ProcessingScopeTest {

  @Test
  void scopesAreValues_namedForPlacementReasons() {
    assertThat(ProcessingScope.zone("AWS", " EU ")).isEqualTo(ProcessingScope.zone("aws", "eu"))
        .hasSameHashCodeAs(ProcessingScope.zone("aws", "eu"));
    assertThat(ProcessingScope.zone("aws", "eu")).isNotEqualTo(ProcessingScope.zone("azure", "eu"));
    assertThat(ProcessingScope.region(Region.aws("eu-central-1")).describe()).isEqualTo("region aws/eu-central-1");
    assertThat(ProcessingScope.global("azure").describe()).isEqualTo("global azure");
    assertThat(ProcessingScope.unknown("declare x").describe()).isEqualTo("unknown (declare x)");
    assertThat(ProcessingScope.unknown("declare x").isKnown()).isFalse();
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> ProcessingScope.zone("aws", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessingScope.zone("aws", "e u")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessingScope.global(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessingScope.unknown(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jurisdiction.EU.plusZones(ProcessingScope.global("aws")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zones only");
  }

  @Test
  void theEuHoldsTheProvidersEuZones_aCustomJurisdictionNone_andNarrowingKeepsOnlyCommonZones() {
    assertThat(Jurisdiction.EU.allowsScope(ProcessingScope.zone("aws", "eu"))).isTrue();
    assertThat(Jurisdiction.EU.allowsScope(ProcessingScope.zone("azure", "eu"))).isTrue();
    assertThat(Jurisdiction.EU.allowsScope(ProcessingScope.zone("aws", "us"))).isFalse();
    assertThat(Jurisdiction.EU.allowsScope(ProcessingScope.global("aws"))).isFalse();
    assertThat(Jurisdiction.EU.allowsScope(null)).isFalse();

    Jurisdiction de = Jurisdiction.of("DE", Region.aws("eu-central-1"));
    assertThat(de.allowsScope(ProcessingScope.zone("aws", "eu"))).isFalse();
    assertThat(Jurisdiction.narrowed(Jurisdiction.EU, de)).isSameAs(de);

    Jurisdiction deWithZone = de.plusZones(ProcessingScope.zone("aws", "eu"), ProcessingScope.zone("aws", "us"));
    Jurisdiction both = Jurisdiction.narrowed(Jurisdiction.EU, deWithZone);
    assertThat(both.regions()).containsExactly(Region.aws("eu-central-1"));
    assertThat(both.zones()).containsExactly(ProcessingScope.zone("aws", "eu"));
    assertThat(Jurisdiction.EU.minusZones(ProcessingScope.zone("aws", "eu")).zones())
        .containsExactly(ProcessingScope.zone("azure", "eu"));
  }
}
