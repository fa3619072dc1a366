/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.RateLimitedException;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A small piece of application code that uses Stateline: it triages support tickets. It depends only
 * on a {@link StatelineClient}, so its tests can hand it a client over a {@code FakeChatModel} or
 * over the emulated clouds (see {@code SupportBotTest}) and production hands it one over the real
 * clouds: swapping providers is a change of targets, not of code.
 */
public final class SupportBot {
  private final StatelineClient client;

  public SupportBot(StatelineClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The triage of a ticket: a category, or "retry-later" when every provider is throttling. */
  // tag::support-bot[]
  public String triage(String ticket) {
    ChatRequest request = ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("Answer with one word: billing, bug, account or other.")
        .userMessage(ticket)
        .maxOutputTokens(5)
        .build();
    try {
      ChatResponse answer = client.chat(request);
      return answer.text().strip().toLowerCase(Locale.ROOT);
    } catch (RateLimitedException e) {
      return "retry-later";
    }
  }
  // end::support-bot[]

  public static void main(String[] args) {
    run(System.out);
  }

  /** Triages one ticket against the emulated Azure OpenAI, scripted to answer "Billing". */
  public static void run(PrintStream out) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").start();
        StatelineClient client = StatelineClient.builder()
            .target(clouds.azureTarget("azure-swc", "swedencentral")).build()) {
      clouds.azure("swedencentral").enqueue(AzureReply.text("Billing"));
      out.println("triage: " + new SupportBot(client).triage("I was charged twice this month."));
    }
  }
}
