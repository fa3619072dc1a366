/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Cancellation;
import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.placement.ProcessingScope;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.spi.ModelCall;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every jurisdiction against every kind of processing scope: which targets a residency rule keeps.
 * Each row is one target (its endpoint region and the scope it may process the call in) under one
 * jurisdiction, and the verdict: kept, or excluded with words the reason must contain. The policy's
 * rule, its bound fast path and the client's fail-closed check ({@link StandardPolicy#residencyVerdict})
 * must all agree.
 */
class ResidencyScopeTableTest {
  static final Region FRA = Region.aws("eu-central-1");
  static final Region LON = Region.aws("eu-west-2");
  static final Region SWC = Region.azure("swedencentral");
  static final Region EUS = Region.azure("eastus");
  static final ProcessingScope AWS_EU = ProcessingScope.zone("aws", "eu");
  static final ProcessingScope AWS_US = ProcessingScope.zone("aws", "us");
  static final ProcessingScope AWS_APAC = ProcessingScope.zone("aws", "apac");
  static final ProcessingScope AZURE_EU = ProcessingScope.zone("azure", "eu");
  static final ProcessingScope AZURE_US = ProcessingScope.zone("azure", "us");
  static final ProcessingScope AWS_GLOBAL = ProcessingScope.global("aws");
  static final ProcessingScope AZURE_GLOBAL = ProcessingScope.global("azure");
  static final ProcessingScope UNKNOWN =
      ProcessingScope.unknown("declare deploymentType(...) on Azure target 't'");

  static final Jurisdiction NORDICS = Jurisdiction.of("Nordics", SWC, Region.aws("eu-north-1"));
  static final Jurisdiction US = Jurisdiction.of("US", EUS, Region.aws("us-east-1"))
      .plusZones(AWS_US, AZURE_US);
  static final Jurisdiction EU_WITHOUT_AWS_ZONE = Jurisdiction.EU.minusZones(AWS_EU);

  static Stream<Row> rows() {
    return Stream.of(
        // ------------------------------------------------------------ no jurisdiction: anything goes
        row(null, FRA, AWS_GLOBAL).kept(),
        row(null, null, UNKNOWN).kept(),
        // ------------------------------------------------------------ EU x region
        row(Jurisdiction.EU, FRA, null).kept(),
        row(Jurisdiction.EU, SWC, ProcessingScope.region(SWC)).kept(),
        row(Jurisdiction.EU, LON, null).excluded("region aws/eu-west-2 is outside EU"),
        row(Jurisdiction.EU, FRA, ProcessingScope.region(LON)).excluded("region aws/eu-west-2 is outside EU"),
        row(Jurisdiction.EU, null, null).excluded("declares no region"),
        // ------------------------------------------------------------ EU x zone
        row(Jurisdiction.EU, FRA, AWS_EU).kept(),
        row(Jurisdiction.EU, SWC, AZURE_EU).kept(),
        row(Jurisdiction.EU, FRA, AWS_US).excluded("zone aws/us, which is not a zone of EU"),
        row(Jurisdiction.EU, FRA, AWS_APAC).excluded("zone aws/apac"),
        row(Jurisdiction.EU, SWC, AZURE_US).excluded("zone azure/us"),
        row(Jurisdiction.EU, LON, AWS_EU).excluded("region aws/eu-west-2 is outside EU"),
        row(EU_WITHOUT_AWS_ZONE, FRA, AWS_EU).excluded("zone aws/eu, which is not a zone of EU"),
        row(EU_WITHOUT_AWS_ZONE, SWC, AZURE_EU).kept(),
        // ------------------------------------------------------------ EU x global / unknown
        row(Jurisdiction.EU, FRA, AWS_GLOBAL).excluded("processed anywhere (global aws)"),
        row(Jurisdiction.EU, SWC, AZURE_GLOBAL).excluded("processed anywhere (global azure)"),
        row(Jurisdiction.EU, SWC, UNKNOWN).excluded("processing scope unknown: declare deploymentType(...)"),
        row(Jurisdiction.EU, null, UNKNOWN).excluded("declares no region"),
        // ------------------------------------------------------------ a custom jurisdiction knows no zone
        row(NORDICS, SWC, null).kept(),
        row(NORDICS, SWC, AZURE_EU).excluded("zone azure/eu, which is not a zone of Nordics"),
        row(NORDICS, SWC, AZURE_GLOBAL).excluded("global azure"),
        // ------------------------------------------------------------ US: a US scope never satisfies EU, and back
        row(US, EUS, AZURE_US).kept(),
        row(US, Region.aws("us-east-1"), AWS_US).kept(),
        row(US, EUS, AZURE_EU).excluded("zone azure/eu, which is not a zone of US"),
        row(US, EUS, AZURE_GLOBAL).excluded("global azure"),
        row(Jurisdiction.EU, EUS, AZURE_US).excluded("region azure/eastus is outside EU"),
        // ------------------------------------------------------------ a scope with no region declared
        row(Jurisdiction.EU, null, ProcessingScope.region(Region.openai("eu"))).kept(),
        row(Jurisdiction.EU, null, AWS_EU).kept(),
        row(Jurisdiction.EU, null, AWS_GLOBAL).excluded("global aws"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void judges(Row row) {
    Target.Builder b = Target.builder("t", new ScriptedTestModel("t")).region(row.region).model("gpt", "m");
    if (row.scope != null) {
      b.processingScope(row.scope);
    }
    Target target = b.build();
    ModelCall call = ModelCall.create("call_scope", ChatRequest.of("gpt", "Hello"), false, CallKind.STATELESS,
        Timeouts.DEFAULT, new Cancellation());
    StandardPolicy policy = PlacementPolicy.standard().without(StandardPolicy.HOSTING).residency(row.jurisdiction);

    Placement bound = policy.bind(List.of(target)).place(PlacementContext.of(call, List.of(target)));
    String byRule = new ResidencyRule(row.jurisdiction).exclude(PlacementContext.of(call, List.of(target)), target);
    String byClient = StandardPolicy.residencyVerdict(row.jurisdiction, target, "gpt");

    Placement.Decision d = bound.decision("t");
    if (row.reason == null) {
      assertThat(d.eligible()).as(d.reason()).isTrue();
      assertThat(d.reason()).contains("processed in " + target.processingScope("gpt").describe());
      assertThat(byRule).isNull();
      assertThat(byClient).isNull();
    } else {
      assertThat(d.eligible()).isFalse();
      assertThat(d.rule()).isEqualTo(StandardPolicy.RESIDENCY);
      assertThat(d.reason()).contains(row.reason);
      assertThat(bound.blockedByResidency()).isTrue();
      assertThat(byRule).isEqualTo(d.reason());
      assertThat(byClient).isEqualTo(d.reason());
    }
  }

  static Row row(Jurisdiction j, Region region, ProcessingScope scope) {
    return new Row(j, region, scope, null);
  }

  record Row(Jurisdiction jurisdiction, Region region, ProcessingScope scope, String reason) {
    Row kept() {
      return this;
    }

    Row excluded(String why) {
      return new Row(jurisdiction, region, scope, why);
    }

    @Override
    public String toString() {
      return (jurisdiction == null ? "no jurisdiction" : jurisdiction.name()) + " x region " + region + " x "
          + (scope == null ? "(scope from region)" : scope.describe()) + " -> "
          + (reason == null ? "kept" : "excluded: " + reason);
    }
  }
}
