/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against a real Azure OpenAI resource; runs only when {@code AZURE_OPENAI_ENDPOINT} and
 * {@code AZURE_OPENAI_DEPLOYMENT} are set, with {@code AZURE_OPENAI_API_KEY} or, without it, whatever
 * {@code DefaultAzureCredential} finds (environment, managed identity, Azure CLI...). Optional:
 * {@code AZURE_OPENAI_API_VERSION}, {@code AZURE_OPENAI_REGION}.
 */
@EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_ENDPOINT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "AZURE_OPENAI_DEPLOYMENT", matches = ".+")
class LiveAzureOpenAiTest {
  private static final String ALIAS = "live";

  private static Target target(AzureUrlForm form) {
    AzureOpenAi.TargetBuilder b = AzureOpenAi.target("azure-live")
        .endpoint(System.getenv("AZURE_OPENAI_ENDPOINT"))
        .deployment(ALIAS, System.getenv("AZURE_OPENAI_DEPLOYMENT"))
        .urlForm(form);
    String key = System.getenv("AZURE_OPENAI_API_KEY");
    if (key != null && !key.isBlank()) {
      b.apiKey(key);
    } else {
      b.credential(new DefaultAzureCredentialBuilder().build());
    }
    String version = System.getenv("AZURE_OPENAI_API_VERSION");
    if (form == AzureUrlForm.DEPLOYMENT && version != null && !version.isBlank()) {
      b.apiVersion(version);
    }
    String region = System.getenv("AZURE_OPENAI_REGION");
    if (region != null && !region.isBlank()) {
      b.region(region);
    }
    return b.build();
  }

  private static StatelineClient client(Target target) {
    return StatelineClient.builder().target(target)
        .timeouts(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120)))
        .retryPolicy(RetryPolicy.defaults()).build();
  }

  @Test
  void deploymentForm_chatAndStream() {
    try (StatelineClient client = client(target(AzureUrlForm.DEPLOYMENT))) {
      ChatResponse answer = client.chat(ChatRequest.builder().model(ALIAS)
          .userMessage("Reply with the single word: pong").maxOutputTokens(20).build());
      assertThat(answer.text()).isNotBlank();
      assertThat(answer.provider()).isEqualTo(AzureOpenAi.PROVIDER);
      assertThat(answer.requestId()).isNotBlank();
      assertThat(answer.usage().totalTokens()).isPositive();
      assertThat(AzureOpenAi.rateLimits(client.targets().get(0)).latest()).isPresent();

      try (ChatStream stream = client.stream(ChatRequest.of(ALIAS, "Count from 1 to 5."))) {
        stream.forEach(e -> { });
        assertThat(stream.response().text()).isNotBlank();
      }
    }
  }

  @Test
  void v1Form_chat() {
    try (StatelineClient client = client(target(AzureUrlForm.V1))) {
      ChatResponse answer = client.chat(ChatRequest.builder().model(ALIAS)
          .userMessage("Reply with the single word: pong").maxOutputTokens(20).build());
      assertThat(answer.text()).isNotBlank();
      assertThat(answer.model()).isNotBlank();
    }
  }
}
