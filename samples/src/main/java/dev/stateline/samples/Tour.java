package dev.stateline.samples;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.Attempt;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The default sample: a short tour of Stateline that runs fully offline, against the in-process
 * OpenAI wire emulator from {@code stateline-testing}. Every call goes over real HTTP on loopback,
 * through the same code a production client uses.
 *
 * <p>Run it with {@code mvn -B -q -pl samples -am -DskipTests package exec:java}.
 */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the tour, printing to {@code out}; returns normally only if every step behaved. */
  public static void run(PrintStream out) {
    try (OpenAiEmulator openai = OpenAiEmulator.create().start();
        StatelineClient client = StatelineClient.builder()
            .target(OpenAi.target("openai-emulator")
                .apiKey(openai.apiKey())
                .baseUrl(openai.baseUrl())
                .model("gpt-4.1", "gpt-4.1-2025-04-14")
                .build())
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(50)).build())
            .build()) {

      out.println("Stateline tour — offline, against the OpenAI wire emulator at " + openai.baseUrl());
      out.println();

      // 1. A plain call. The code names the alias; the target maps it to the provider's model.
      ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "What is Stateline?"));
      section(out, "1. chat");
      out.println("   answer    : " + answer.text());
      out.println("   model     : " + answer.model() + " (alias gpt-4.1)");
      out.println("   placement : " + answer.placement());
      out.println("   usage     : " + answer.usage());

      // 2. The same call, streamed.
      section(out, "2. stream");
      out.print("   deltas    : ");
      try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "Stream these words back to me"))) {
        for (ChatEvent event : stream) {
          if (event instanceof ChatEvent.TextDelta delta) {
            out.print("[" + delta.text() + "]");
          }
        }
        out.println();
        out.println("   whole     : " + stream.response().text());
      }

      // 3. Tools: the model asks for a call, the application answers, the model finishes.
      section(out, "3. tools");
      ToolDefinition weather = ToolDefinition.of("get_weather", "Current weather for a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
      openai.enqueue(Reply.toolCalls(Reply.call("call_1", "get_weather", "{\"city\":\"Stockholm\"}")),
          Reply.text("It is 4 degrees and clear in Stockholm."));
      ChatRequest ask = ChatRequest.builder().model("gpt-4.1").addTool(weather)
          .userMessage("What's the weather in Stockholm?").build();
      ChatResponse wantsTool = client.chat(ask);
      ToolCall call = wantsTool.toolCalls().get(0);
      out.println("   tool call : " + call.name() + " " + call.argumentsJson());
      ChatResponse done = client.chat(ask.toBuilder()
          .addMessage(wantsTool.message())
          .addMessage(Message.tool(call.id(), "{\"celsius\":4,\"sky\":\"clear\"}"))
          .build());
      out.println("   answer    : " + done.text());

      // 4. Structured output: JSON that follows a schema.
      section(out, "4. JSON schema");
      openai.enqueue(Reply.text("{\"city\":\"Stockholm\",\"celsius\":4}"));
      ChatResponse json = client.chat(ChatRequest.builder().model("gpt-4.1")
          .userMessage("Weather in Stockholm as JSON")
          .responseFormat(ResponseFormat.jsonSchema("weather",
              "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                  + "\"celsius\":{\"type\":\"number\"}},\"required\":[\"city\",\"celsius\"],"
                  + "\"additionalProperties\":false}"))
          .build());
      out.println("   json      : " + json.text());

      // 5. Throttling: a 429 with retry-after-ms is waited out and retried, visibly.
      section(out, "5. throttled, then retried");
      openai.enqueue(Reply.rateLimited(Duration.ofMillis(200)), Reply.text("Worth the wait."));
      ChatResponse retried = client.chat(ChatRequest.of("gpt-4.1", "Are you busy?"));
      out.println("   answer    : " + retried.text());
      for (Attempt a : retried.attempts()) {
        out.println("   attempt   : " + a.target() + " #" + a.number() + " "
            + (a.succeeded() ? "ok" : a.errorType() + ", waited " + a.retryDelay().toMillis() + " ms"));
      }

      // 6. A failure that retrying cannot fix comes back as a typed error, with its route.
      section(out, "6. typed errors");
      openai.enqueue(Reply.error(400, "invalid_request_error", "context_length_exceeded",
          "This model's maximum context length is 128000 tokens."));
      try {
        client.chat(ChatRequest.of("gpt-4.1", "A very long prompt ..."));
        throw new IllegalStateException("the call should have failed");
      } catch (StatelineException e) {
        out.println("   error     : " + e.getClass().getSimpleName() + ": " + e.getMessage());
        out.println("   attempts  : " + e.attempts().size() + " (not retried: " + !e.isRetryable() + ")");
      }

      out.println();
      out.println("Tour complete: " + openai.requestCount() + " HTTP requests served by the emulator.");
    }
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println(title);
  }
}
