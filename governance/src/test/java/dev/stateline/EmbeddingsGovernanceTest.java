/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.audit.AuditTrail;
import dev.stateline.audit.AuditVerifier;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.chat.Usage;
import dev.stateline.spi.EmbeddingModel;
import dev.stateline.workload.WorkloadMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding calls in the audit trail and the workload map, with their operation. */
class EmbeddingsGovernanceTest {
  @TempDir
  Path dir;

  private static final EmbeddingModel MODEL = (call, batch) -> {
    EmbeddingResponse.Builder r = EmbeddingResponse.builder().model("text-embedding-3-small")
        .usage(new Usage(batch.inputs().size(), 0, 0, 0));
    for (int i = 0; i < batch.inputs().size(); i++) {
      r.add(new Embedding(i, new float[] {1, 0}));
    }
    return r.build();
  };

  @Test
  void embeddingCalls_areAuditedAndMappedAsTheirOwnOperation() throws IOException {
    Target az = Target.builder("az-swc", new ScriptedModel()).provider("azure.ai.openai")
        .hosting(Target.Hosting.STATELESS_HOST).region(Region.azure("swedencentral")).model("gpt-4.1", "gpt41-prod")
        .embeddingModel(MODEL).embeds("embed", "embed-small").price(Price.perMillionTokens("0.02", "0")).build();
    Path file = dir.resolve("audit.jsonl");
    WorkloadMap map = new WorkloadMap();
    try (AuditTrail audit = AuditTrail.toFile(file);
        StatelineClient client = StatelineClient.builder().target(az).telemetry(audit).telemetry(map).build()) {
      client.embed(EmbeddingRequest.of("embed", List.of("secret clause", "another clause")));
      client.chat(ChatRequest.of("gpt-4.1", "hi"));
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).contains("\"kind\":\"stateless\",\"operation\":\"embeddings\"",
        "\"target\":\"az-swc\"", "\"usage\":{\"input\":2,\"cachedInput\":0,\"output\":0}",
        "\"responseModel\":\"text-embedding-3-small\"", "embeds 'embed' as 'embed-small' (an embedding call)")
        .doesNotContain("secret clause");
    assertThat(lines.get(1)).contains("\"operation\":\"chat\"");
    assertThat(AuditVerifier.verify(file).intact()).isTrue();

    assertThat(map.rows()).extracting(WorkloadMap.Row::operation).containsExactly("chat", "embeddings");
    assertThat(map.render()).contains("stateless embeddings");
  }
}
