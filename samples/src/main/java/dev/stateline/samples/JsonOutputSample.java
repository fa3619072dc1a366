/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.io.PrintStream;

/**
 * Structured output: ask for JSON that follows a schema. Azure OpenAI takes the schema as
 * {@code response_format}; Bedrock's Converse has no such field, so Stateline sends the schema as a
 * forced tool and returns the tool's input as the answer's text. The calling code is the same.
 * Runs offline against the emulated clouds.
 *
 * <pre>
 * mvn -B -q -pl samples -am -DskipTests package exec:java -Dsample.main=dev.stateline.samples.JsonOutputSample
 * </pre>
 */
public final class JsonOutputSample {
  private JsonOutputSample() {}

  // tag::json-schema[]
  static final ResponseFormat INVOICE = ResponseFormat.jsonSchema("invoice",
      "{\"type\":\"object\",\"properties\":{"
          + "\"number\":{\"type\":\"string\"},"
          + "\"total\":{\"type\":\"number\"},"
          + "\"currency\":{\"type\":\"string\"}},"
          + "\"required\":[\"number\",\"total\",\"currency\"],\"additionalProperties\":false}");

  static String extractInvoice(StatelineClient client, String document) {
    ChatResponse answer = client.chat(ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("Extract the invoice fields.")
        .userMessage(document)
        .responseFormat(INVOICE)
        .build());
    return answer.text(); // JSON text that follows the schema
  }
  // end::json-schema[]

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) {
    String json = "{\"number\":\"INV-2041\",\"total\":1250.5,\"currency\":\"EUR\"}";
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start()) {
      clouds.azure("swedencentral").enqueue(AzureReply.text(json));
      // Bedrock answers through the forced tool named after the schema.
      clouds.bedrock("eu-central-1").enqueue(BedrockReply.builder().toolUse("tooluse_1", "invoice", json).build());

      for (Target target : new Target[] {
          clouds.azureTarget("azure-swc", "swedencentral"), clouds.bedrockTarget("aws-fra", "eu-central-1")}) {
        try (StatelineClient client = StatelineClient.builder().target(target).build()) {
          out.println(target.name() + " : " + extractInvoice(client, "Invoice INV-2041, total EUR 1,250.50"));
        }
      }

      out.println("azure sent  : response_format.type="
          + clouds.azure("swedencentral").lastRequest().at("response_format.type")
          + " name=" + clouds.azure("swedencentral").lastRequest().at("response_format.json_schema.name"));
      out.println("bedrock sent: toolChoice.tool.name="
          + clouds.bedrock("eu-central-1").requests().get(0).at("toolConfig", "toolChoice", "tool", "name"));
    }
  }
}
