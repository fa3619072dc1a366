/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.Reply;
import java.io.PrintStream;

/**
 * Tools: the model asks for a tool call, the application runs the tool and sends the result back,
 * the model answers. The same code runs against Azure OpenAI and Amazon Bedrock, whose wire formats
 * for tools differ (tool_calls and role "tool" messages; toolUse and toolResult blocks). Runs offline
 * against the emulated clouds.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.ToolsSample
 * </pre>
 */
public final class ToolsSample {
  private ToolsSample() {}

  static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Current weather for a city",
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start()) {
      // What each model will do: ask for the tool, then answer with its result.
      clouds.azure("swedencentral").enqueue(
          AzureReply.of(Reply.toolCalls(Reply.call("call_7", "get_weather", "{\"city\":\"Oslo\"}"))),
          AzureReply.text("It is 4 degrees and clear in Oslo."));
      clouds.bedrock("eu-central-1")
          .enqueue(BedrockReply.builder().toolUse("tooluse_7", "get_weather", "{\"city\":\"Oslo\"}").build())
          .enqueue(BedrockReply.text("Oslo: 4 degrees, clear sky."));

      for (Target target : new Target[] {
          clouds.azureTarget("azure-swc", "swedencentral"), clouds.bedrockTarget("aws-fra", "eu-central-1")}) {
        try (StatelineClient client = StatelineClient.builder().target(target).build()) {
          out.println(target.name() + ": " + askAboutTheWeather(client, out));
        }
      }

      // The tool result went back in each cloud's own shape.
      out.println("azure sent : role=" + clouds.azure("swedencentral").lastRequest().at("messages.2.role")
          + " tool_call_id=" + clouds.azure("swedencentral").lastRequest().at("messages.2.tool_call_id"));
      out.println("bedrock sent: toolResult.toolUseId="
          + clouds.bedrock("eu-central-1").requests().get(1).at("messages", 2, "content", 0, "toolResult", "toolUseId"));
    }
  }

  // tag::tool-loop[]
  /** Asks a question that needs a tool, runs every tool call the model asks for, returns the answer. */
  static String askAboutTheWeather(StatelineClient client, PrintStream out) {
    ChatRequest request = ChatRequest.builder()
        .model("gpt-4.1")
        .addTool(WEATHER)
        .userMessage("Should I take a jacket in Oslo today?")
        .build();
    ChatResponse answer = client.chat(request);
    while (!answer.toolCalls().isEmpty()) {
      ChatRequest.Builder next = request.toBuilder().addMessage(answer.message());
      for (ToolCall call : answer.toolCalls()) {
        out.println("  tool call " + call.name() + " " + call.argumentsJson());
        next.addMessage(Message.tool(call.id(), runTool(call)));
      }
      request = next.build();
      answer = client.chat(request);
    }
    return answer.text();
  }
  // end::tool-loop[]

  /** The application's tool: here a fixed reading. */
  private static String runTool(ToolCall call) {
    return "{\"celsius\":4,\"sky\":\"clear\"}";
  }
}
