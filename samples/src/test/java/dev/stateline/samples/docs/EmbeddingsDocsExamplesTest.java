/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.aws.Bedrock;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.chat.Embedding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.EmbeddingBatchException;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.FakeEmbeddingModel;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code of docs/embeddings.md, run against the Azure OpenAI emulator and the fake. */
class EmbeddingsDocsExamplesTest {

  @Test
  void embedOnAzure_andSeeWhereItRan() {
    try (AzureOpenAiEmulator emulator = AzureOpenAiEmulator.builder()
        .deployment("embed-small-prod", "text-embedding-3-small").build().start()) {
      String endpoint = emulator.endpoint().toString();
      String key = emulator.apiKey();

      Target azure = AzureOpenAi.target("azure-swc")
          .endpoint(endpoint)
          .apiKey(key)
          .embeddingDeployment("embed", "embed-small-prod")   // alias -> embedding deployment
          .region("swedencentral")
          .deploymentType(AzureDeploymentType.STANDARD)       // processed in that region (residency checks it)
          .build();

      try (StatelineClient client = StatelineClient.builder().target(azure)
          .placement(PlacementPolicy.standard()).build()) {
        EmbeddingResponse r = client.embed(EmbeddingRequest.builder("embed")
            .input("Stateline places stateless calls on Azure OpenAI.")
            .input("Sessions and agents run on AWS.")
            .dimensions(512)                                  // text-embedding-3 models only
            .build(), CallOptions.builder().residency(Jurisdiction.EU).build());

        float[] first = r.vector(0);                          // in input order
        System.out.println(r.embeddings().size() + " vectors of " + r.dimensions() + " on " + r.target()
            + " (" + r.placement().operation() + "), " + r.usage().inputTokens() + " tokens, " + r.cost());

        assertThat(first).hasSize(512);
        assertThat(r.target()).isEqualTo("azure-swc");
      }
    }
  }

  /** The OpenAI target, which needs a key, compiled only. */
  static Target openAiEmbeddings() {
    Target openai = OpenAi.target("openai")
        .apiKey(System.getenv("OPENAI_API_KEY"))
        .model("gpt-4.1")
        .embeds("embed", "text-embedding-3-small")         // chat and embeddings on one target
        .build();
    return openai;
  }

  /** The Bedrock target, which needs AWS credentials, compiled only. */
  static Target bedrockEmbeddings() {
    Target bedrock = Bedrock.target("aws-fra")
        .region("eu-central-1")
        .embeds("titan", "amazon.titan-embed-text-v2:0")    // one text per request; 1024, 512 or 256 dimensions
        .embeds("cohere", "cohere.embed-multilingual-v3")   // 96 texts per request, as search_document
        .build();
    return bedrock;
  }

  @Test
  void aFailedBatchSaysWhatWasEmbedded() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel().maxInputsPerRequest(2);
    fake.delay(java.time.Duration.ZERO).failWith(dev.stateline.testing.FakeErrors.invalidRequest("input"));
    try (StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake", "embed")).build()) {
      List<String> texts = List.of("a", "b", "c");
      try {
        client.embed(EmbeddingRequest.of("embed", texts));
      } catch (EmbeddingBatchException e) {
        for (Embedding done : e.embedded()) {
          System.out.println("input " + done.index() + " was embedded");   // keep these
        }
        List<Integer> again = e.notEmbedded();                              // send these again
        resend(again);
      }
    }
    assertThat(resent).containsExactly(2);
  }

  private final List<Integer> resent = new java.util.ArrayList<>();

  private void resend(List<Integer> inputs) {
    resent.addAll(inputs);
  }
}
