/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Region;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JurisdictionTest {

  @ParameterizedTest(name = "{0}/{1} in EU: {2}")
  @CsvSource({
      "azure, swedencentral, true",
      "azure, westeurope, true",
      "azure, northeurope, true",
      "azure, francecentral, true",
      "azure, germanywestcentral, true",
      "azure, italynorth, true",
      "azure, polandcentral, true",
      "azure, spaincentral, true",
      "azure, denmarkeast, true",
      "azure, SwedenCentral, true",
      "azure, switzerlandnorth, false",
      "azure, uksouth, false",
      "azure, norwayeast, false",
      "azure, eastus, false",
      "aws, eu-central-1, true",
      "aws, eu-west-1, true",
      "aws, eu-west-3, true",
      "aws, eu-north-1, true",
      "aws, eu-south-1, true",
      "aws, eu-south-2, true",
      "aws, eu-west-2, false",
      "aws, eu-central-2, false",
      "aws, us-east-1, false",
      "openai, eu, true",
      "openai, us, false",
      "gcp, europe-west4, false"})
  void the_eu_lists_its_regions_explicitly(String cloud, String region, boolean inside) {
    assertThat(Jurisdiction.EU.allows(new Region(cloud, region))).isEqualTo(inside);
  }

  @Test
  void an_undeclared_region_is_never_inside() {
    assertThat(Jurisdiction.EU.allows(null)).isFalse();
  }

  @Test
  void the_eu_can_be_adjusted_without_losing_its_name() {
    Jurisdiction narrower = Jurisdiction.EU.minus(Region.azure("westeurope"));
    Jurisdiction wider = Jurisdiction.EU.plus(Region.aws("eusc-de-east-1"));

    assertThat(narrower.name()).isEqualTo("EU");
    assertThat(narrower.allows(Region.azure("westeurope"))).isFalse();
    assertThat(wider.allows(Region.aws("eusc-de-east-1"))).isTrue();
    assertThat(Jurisdiction.EU.allows(Region.aws("eusc-de-east-1"))).as("the original is unchanged").isFalse();
  }

  @Test
  void a_custom_jurisdiction_needs_a_name_and_a_region() {
    Jurisdiction de = Jurisdiction.of("DE", Region.azure("germanywestcentral"), Region.aws("eu-central-1"));

    assertThat(de.allows(Region.aws("eu-central-1"))).isTrue();
    assertThat(de.allows(Region.azure("westeurope"))).isFalse();
    assertThat(de).isEqualTo(Jurisdiction.of("DE", Region.aws("eu-central-1"), Region.azure("germanywestcentral")));
    assertThatThrownBy(() -> Jurisdiction.of("empty")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jurisdiction.of(" ", Region.aws("eu-central-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
