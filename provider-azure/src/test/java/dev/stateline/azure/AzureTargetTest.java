/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.azure.internal.AzureChatModel;
import dev.stateline.openai.OpenAiApi;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Building Azure targets: what is required, what is refused, and what the target says about itself. */
class AzureTargetTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  private static AzureOpenAi.TargetBuilder valid() {
    return AzureOpenAi.target("azure-swc").endpoint("https://my-resource.openai.azure.com")
        .apiKey(KEY).deployment("gpt-4.1", "gpt41-prod");
  }

  @Test
  void aTarget_servesItsAliasesAsDeployments_inItsRegion_underTheAzureProviderName() {
    Target target = valid().deployment("gpt-4.1-mini").region("swedencentral").build();
    try {
      assertThat(target.provider()).isEqualTo("azure.ai.openai").isEqualTo(AzureOpenAi.PROVIDER);
      assertThat(target.region()).isEqualTo(Region.azure("swedencentral"));
      assertThat(target.modelFor("gpt-4.1")).isEqualTo("gpt41-prod");
      assertThat(target.modelFor("gpt-4.1-mini")).isEqualTo("gpt-4.1-mini");
      assertThat(target.serves("gpt-5")).isFalse();
      // The standard placement policy sends stateless calls to Azure-hosted targets.
      assertThat(target.hosting()).isEqualTo(Target.Hosting.STATELESS_HOST);
      assertThat(target.serverAddress()).isEqualTo("my-resource.openai.azure.com");
      assertThat(target.capabilities().serverState()).isFalse();
      assertThat(target.chatModel().toString())
          .as("the v1 form is the default, without an api-version")
          .isEqualTo("AzureChatModel[azure.ai.openai, V1, CHAT_COMPLETIONS]");
    } finally {
      target.chatModel().close();
    }
  }

  @Test
  void withoutRegion_theTargetDeclaresNone_soResidencyRulesExcludeIt() {
    Target target = valid().build();
    assertThat(target.region()).isNull();
    target.chatModel().close();
  }

  @Test
  void missingPieces_areClearErrors() {
    assertThatThrownBy(() -> AzureOpenAi.target("t").apiKey(KEY).deployment("d").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an endpoint");
    assertThatThrownBy(() -> AzureOpenAi.target("t").endpoint("https://r.openai.azure.com").deployment("d").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey(...) or credential(TokenCredential)");
    assertThatThrownBy(() -> AzureOpenAi.target("t").endpoint("https://r.openai.azure.com").apiKey(KEY).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add deployment(alias, deploymentName)");
    assertThatThrownBy(() -> valid().credential(new FakeCredential(AzureOpenAi.DEFAULT_SCOPE, Clock.systemUTC())).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both an apiKey and a credential");
  }

  @Test
  void theResponsesApiOnTheDeploymentForm_isRefusedAtBuildTime() {
    assertThatThrownBy(() -> valid().urlForm(AzureUrlForm.DEPLOYMENT).api(OpenAiApi.RESPONSES).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Responses API on the v1 URL form only; add urlForm(AzureUrlForm.V1)");

    Target v1 = valid().urlForm(AzureUrlForm.V1).api(OpenAiApi.RESPONSES).build();
    assertThat(v1.chatModel().toString()).contains("V1, RESPONSES").doesNotContain("api-version");
    v1.chatModel().close();
  }

  @Test
  void apiVersions_mustFitTheForm() {
    assertThatThrownBy(() -> valid().urlForm(AzureUrlForm.DEPLOYMENT).apiVersion("preview").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a dated api-version");
    assertThatThrownBy(() -> valid().apiVersion("2024-10-21&x=y"))
        .isInstanceOf(IllegalArgumentException.class);
    Target preview = valid().urlForm(AzureUrlForm.DEPLOYMENT).apiVersion("2025-04-01-preview").build();
    assertThat(preview.chatModel().toString()).contains("api-version=2025-04-01-preview");
    preview.chatModel().close();
    Target v1 = valid().urlForm(AzureUrlForm.V1).apiVersion("preview").build();
    assertThat(v1.chatModel().toString()).contains("api-version=preview");
    v1.chatModel().close();
  }

  @Test
  void endpoints_plainHttpOnlyOnLoopbackOrWhenAllowed_andWithoutTheOpenAiPath() {
    assertThatThrownBy(() -> valid().endpoint("http://my-resource.openai.azure.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing plain http");
    valid().endpoint("http://my-proxy.internal").allowInsecureHttp().build().chatModel().close();
    valid().endpoint("http://127.0.0.1:8080").build().chatModel().close();
    valid().endpoint("http://localhost:8080").build().chatModel().close();

    assertThatThrownBy(() -> valid().endpoint("https://r.openai.azure.com/openai/deployments/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without its /openai/... path");
    assertThatThrownBy(() -> valid().endpoint("https://r.openai.azure.com/openai/v1/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().endpoint("https://r.openai.azure.com/?api-version=2024-10-21"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no query");
    assertThatThrownBy(() -> valid().endpoint("my-resource"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute https URL");
  }

  @Test
  void badValues_areRefusedWithoutEchoingSecrets() {
    assertThatThrownBy(() -> valid().apiKey("abc def")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc def");
    assertThatThrownBy(() -> valid().apiKey(KEY + "\n")).hasMessageContaining("stray newline")
        .hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> valid().deployment("gpt", "../admin")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deployment name");
    assertThatThrownBy(() -> valid().region(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().credentialScope("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGivenOkHttpClient_isUsedAndNotShutDown() {
    OkHttpClient own = new OkHttpClient();
    Target target = valid().httpClient(own).build();
    assertThat(((AzureChatModel) target.chatModel()).wire().httpClient()).isSameAs(own);
    target.chatModel().close();
    assertThat(own.dispatcher().executorService().isShutdown()).isFalse();
    own.dispatcher().executorService().shutdown();
  }

  @Test
  void builderToString_hidesTheKey_andNamesTheAuthKind() {
    assertThat(valid().toString()).contains("api-key ***", "gpt-4.1=gpt41-prod").doesNotContain(KEY);
    assertThat(AzureOpenAi.target("t").credential(new FakeCredential(AzureOpenAi.DEFAULT_SCOPE, Clock.systemUTC()))
        .toString()).contains("entra-id https://cognitiveservices.azure.com/.default");
  }

  @Test
  void aFoundryResourceHost_isAnEndpointLikeAnyOther_onTheV1Form() {
    Target foundry = AzureOpenAi.target("foundry").endpoint("https://my-project.services.ai.azure.com")
        .apiKey("k-123").deployment("gpt-4.1", "gpt41-prod").build();
    try {
      assertThat(foundry.serverAddress()).isEqualTo("my-project.services.ai.azure.com");
      assertThat(foundry.chatModel().toString()).contains("V1");
    } finally {
      foundry.chatModel().close();
    }
  }

  @Test
  void bothDocumentedEntraScopes_areNamed() {
    assertThat(AzureOpenAi.DEFAULT_SCOPE).isEqualTo("https://cognitiveservices.azure.com/.default");
    assertThat(AzureOpenAi.FOUNDRY_SCOPE).isEqualTo("https://ai.azure.com/.default");
  }
}
