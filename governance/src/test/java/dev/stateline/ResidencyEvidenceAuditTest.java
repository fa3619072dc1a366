/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static dev.stateline.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Usage;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.ProcessingScope;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.spi.EventSource;
import dev.stateline.workload.WorkloadMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stories of the evidence a provider gives of where it processed a call, as the audit trail and the
 * workload map keep it: every call record names the target's scope and the reported region, and a
 * region outside the call's jurisdiction writes a residency-breach record.
 */
class ResidencyEvidenceAuditTest {
  @TempDir
  Path dir;

  private final ScriptedModel model = new ScriptedModel();

  private ScriptedModel answersFrom(String region) {
    return model.then(call -> EventSource.of(new ChatEvent.Completed(ChatResponse.builder().id("r").model("m")
        .message(Message.assistant("fine")).usage(new Usage(3, 0, 1, 0)).processingRegion(region).build())));
  }

  private Target swedish() {
    return Target.builder("az-swc", model).provider("azure.ai.openai").hosting(Target.Hosting.STATELESS_HOST)
        .region(Region.azure("swedencentral")).processingScope(ProcessingScope.region(Region.azure("swedencentral")))
        .model("gpt-4.1", "gpt41-prod").build();
  }

  @Test
  void aCallProcessedInside_isRecordedWithItsScopeAndRegion_andNoBreach() throws IOException {
    answersFrom("Sweden Central");
    WorkloadMap map = new WorkloadMap();
    try (AuditTrail audit = AuditTrail.toFile(dir.resolve("audit.jsonl"))) {
      client(swedish()).placement(PlacementPolicy.standard().residency(Jurisdiction.EU)).telemetry(audit)
          .telemetry(map).build().chat(ChatRequest.of("gpt-4.1", "hi"));
    }

    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("\"processingScope\":\"region azure/swedencentral\"",
        "\"processingRegion\":\"Sweden Central\"");
    assertThat(map.rows()).singleElement().satisfies(r -> assertThat(r.processedIn()).containsExactly("Sweden Central"));
    assertThat(map.render()).contains("processed in").contains("Sweden Central");
  }

  @Test
  void aCallAzureSaysItProcessedInEastUs_writesAResidencyBreachRecord_beforeItsCallRecord() throws IOException {
    answersFrom("East US");
    try (AuditTrail audit = AuditTrail.toFile(dir.resolve("audit.jsonl"))) {
      ChatResponse r = client(swedish()).placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
          .telemetry(audit).build().chat(ChatRequest.of("gpt-4.1", "hi"));
      assertThat(r.processingRegion()).isEqualTo("East US");
    }

    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"type\":\"residency-breach\"", "\"target\":\"az-swc\"",
        "\"declaredScope\":\"region azure/swedencentral\"", "\"processingRegion\":\"East US\"",
        "\"region\":\"azure/eastus\"", "\"jurisdiction\":\"EU\"", "\"refused\":false");
    assertThat(lines.get(1)).contains("\"type\":\"call\"", "\"outcome\":\"ok\"", "\"processingRegion\":\"East US\"");
    assertThat(AuditVerifier.verify(dir.resolve("audit.jsonl")).intact()).isTrue();
  }

  @Test
  void strictly_theBreachIsRefused_andBothRecordsSaySo() throws IOException {
    answersFrom("East US");
    try (AuditTrail audit = AuditTrail.toFile(dir.resolve("audit.jsonl"))) {
      StatelineClient c = client(swedish()).placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
          .strictResidencyEvidence(true).telemetry(audit).build();
      assertThatThrownBy(() -> c.chat(ChatRequest.of("gpt-4.1", "hi")))
          .isInstanceOfSatisfying(ResidencyViolationException.class, e -> {
            assertThat(e.answer().text()).isEqualTo("fine");
            assertThat(e.answer().target()).isEqualTo("az-swc");
          });
    }

    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines.get(0)).contains("\"type\":\"residency-breach\"", "\"refused\":true");
    assertThat(lines.get(1)).contains("\"outcome\":\"error\"", "\"errorType\":\"ResidencyViolationException\"",
        "\"processingRegion\":\"East US\"");
  }

  @Test
  void withoutAJurisdiction_aReportedRegionIsNoBreach() throws IOException {
    answersFrom("East US");
    try (AuditTrail audit = AuditTrail.toFile(dir.resolve("audit.jsonl"))) {
      client(swedish()).telemetry(audit).build().chat(ChatRequest.of("gpt-4.1", "hi"));
    }
    assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).singleElement().asString()
        .contains("\"type\":\"call\"").doesNotContain("residency-breach");
  }
}
