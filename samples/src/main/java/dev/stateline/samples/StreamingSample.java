/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.ChatListener;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ProtocolException;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.Reply;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Streaming: read an answer as it arrives, as an iterator or pushed to a listener, and keep what
 * arrived when a stream breaks. Runs offline against the emulated Azure OpenAI in Sweden.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.StreamingSample
 * </pre>
 */
public final class StreamingSample {
  private StreamingSample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").start();
        StatelineClient client = StatelineClient.builder()
            .target(clouds.azureTarget("azure-swc", "swedencentral"))
            .build()) {
      // The emulator answers word by word, 20 ms apart, then cuts the third answer short.
      clouds.azure("swedencentral").enqueue(
          AzureReply.of(Reply.text("Tokens arrive one by one.").withEventDelay(Duration.ofMillis(20))),
          AzureReply.text("A listener gets the same events."),
          AzureReply.of(Reply.truncatedStream("This answer breaks off")));

      // 1. As an iterator. Close the stream (try-with-resources): closing cancels the HTTP call.
      out.print("iterator : ");
      try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "Explain streaming"))) {
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TextDelta delta) {
            out.print("[" + delta.text() + "]");
          }
        }
        out.println();
        ChatResponse whole = stream.response();
        out.println("whole    : " + whole.text() + " (" + whole.usage().outputTokens() + " tokens, from "
            + whole.target() + ")");
      }

      // 2. Pushed to a listener on the client's executor; the future completes with the answer.
      StringBuilder heard = new StringBuilder();
      CompletableFuture<ChatResponse> done = client.stream(ChatRequest.of("gpt-4.1", "And with a listener?"),
          new ChatListener() {
            @Override
            public void onEvent(ChatEvent event) {
              if (event instanceof ChatEvent.TextDelta delta) {
                heard.append(delta.text());
              }
            }
          });
      out.println("listener : " + done.join().text() + " (heard " + heard.length() + " characters)");

      // 3. A stream that breaks after some text: a ProtocolException that keeps what arrived.
      try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "Tell me everything"))) {
        for (ChatEvent ignored : stream) {
          // reading until it breaks
        }
      } catch (ProtocolException e) {
        out.println("broken   : " + e.getClass().getSimpleName() + ", partial text kept: '" + e.partialText() + "'");
      }
    }
  }
}
