/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One copy of OkHttp on the classpath, version 5, and both SDKs calling through it. */
class TwoSdksOneOkHttpTest {

  @Test
  void bothSdksCall_onOneOkHttp() throws Exception {
    List<URL> copies = Collections.list(getClass().getClassLoader().getResources("okhttp3/OkHttpClient.class"));
    System.out.println("okhttp3.OkHttpClient from " + copies + ", version " + okhttp3.OkHttp.VERSION);
    assertEquals(1, copies.size(), "one jar with OkHttp's classes");
    assertEquals("5.3.0", okhttp3.OkHttp.VERSION);

    try (EmulatedClouds clouds = EmulatedClouds.builder().openAi("us").start()) {
      OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(clouds.openAi().baseUrl().toString())
          .apiKey(clouds.openAi().apiKey()).build();
      ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
          .model(EmulatedClouds.OPENAI_MODEL).addUserMessage("Hello from an OkHttp 4 SDK").build());
      assertFalse(completion.choices().isEmpty());
      openai.close();

      try (StatelineClient client = StatelineClient.builder().target(clouds.openAiTarget("openai")).build()) {
        assertEquals("openai", client.chat(ChatRequest.of(EmulatedClouds.MODEL_ALIAS, "Hello from Stateline")).target());
      }
    }
  }
}
