/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Configuration;
import com.azure.core.util.Context;
import com.azure.identity.EnvironmentCredentialBuilder;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Azure Identity stack as the module ships it: azure-core's HTTP client is the OkHttp one
 * (Netty is excluded) and works on OkHttp 5; a real Azure Identity credential that cannot run
 * fails as a clear AuthenticationException.
 */
class AzureIdentityHttpTest {
  private AzureOpenAiEmulator azure;

  @BeforeEach
  void start() {
    azure = AzureFixtures.emulator();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void azureCoresDefaultHttpClient_isOkHttp_andTalksToALoopbackServer() {
    HttpClient http = HttpClient.createDefault();
    assertThat(http.getClass().getName()).startsWith("com.azure.core.http.okhttp.");

    HttpRequest request = new HttpRequest(HttpMethod.POST,
        azure.url("/openai/deployments/" + AzureFixtures.DEPLOYMENT + "/chat/completions?api-version=2024-10-21").url())
        .setHeader(HttpHeaderName.fromString("api-key"), azure.apiKey())
        .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
        .setBody("{\"messages\":[{\"role\":\"user\",\"content\":\"via azure-core\"}]}".getBytes(StandardCharsets.UTF_8));
    try (HttpResponse response = http.sendSync(request, Context.NONE)) {
      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(response.getHeaderValue(HttpHeaderName.fromString("x-ms-region"))).isEqualTo("Sweden Central");
      assertThat(response.getBodyAsBinaryData().toString()).contains("echo: via azure-core");
    }
  }

  @Test
  void aRealCredentialThatIsNotConfigured_failsTheCallWithAnAuthenticationError() {
    Target target = AzureOpenAi.target("azure-env").endpoint(azure.endpoint().toString())
        .credential(new EnvironmentCredentialBuilder().configuration(Configuration.NONE).build())
        .deployment(ALIAS, AzureFixtures.DEPLOYMENT).build();
    try (StatelineClient client = AzureFixtures.client(target)) {
      AuthenticationException failure = catchThrowableOfType(AuthenticationException.class,
          () -> client.chat(ChatRequest.of(ALIAS, "hi")));

      assertThat(failure.getMessage()).contains("could not get a Microsoft Entra ID token",
          "CredentialUnavailableException", "EnvironmentCredential");
      assertThat(azure.requestCount()).isZero();
    }
  }
}
