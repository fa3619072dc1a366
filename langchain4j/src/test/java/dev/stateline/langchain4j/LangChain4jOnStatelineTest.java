/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.error.RateLimitedException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's own front doors (AiServices, chat memory, tools, structured output, the streaming
 * handler) over a StatelineClient on the Azure and Bedrock emulators: what reaches the wire, and
 * what comes back.
 */
class LangChain4jOnStatelineTest {
  private final EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1")
      .start();
  private final AzureOpenAiEmulator azure = clouds.azure("swedencentral");
  private final StatelineClient client = StatelineClient.builder()
      .target(clouds.azureTarget("azure-swc", "swedencentral"))
      .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
      .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
      .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
      .build();
  private final ChatModel model = StatelineChatModel.builder(client).defaultModel("gpt-4.1").build();

  @AfterEach
  void close() {
    client.close();
    clouds.close();
  }

  interface Assistant {
    String chat(@MemoryId String conversation, @dev.langchain4j.service.UserMessage String message);
  }

  static final class OrderTools {
    final List<String> asked = new ArrayList<>();

    @Tool("Looks up where an order is")
    String orderStatus(String orderId) {
      asked.add(orderId);
      return "order " + orderId + " left the warehouse";
    }
  }

  @Test
  void anAiServiceWithToolsAndMemory_runsOverStateline_andItsMemoryLivesInTheSessionStore() {
    OrderTools tools = new OrderTools();
    InMemorySessionStore sessions = InMemorySessionStore.builder().build();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id).maxMessages(20)
            .chatMemoryStore(StatelineChatMemoryStore.of(sessions)).build())
        .tools(tools)
        .build();
    azure.enqueue(AzureReply.of(Reply.toolCalls(Reply.call("call_1", "orderStatus", "{\"arg0\":\"A-17\"}"))),
        AzureReply.text("Your order A-17 has left the warehouse."));

    String answer = assistant.chat("case-4711", "Where is order A-17?");

    assertThat(answer).isEqualTo("Your order A-17 has left the warehouse.");
    assertThat(tools.asked).containsExactly("A-17");
    List<RecordedCall> calls = azure.requests();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).at("tools.0.function.name")).isEqualTo("orderStatus");
    assertThat(calls.get(0).at("tools.0.function.parameters.properties.arg0.type")).isEqualTo("string");
    assertThat(calls.get(1).at("messages.1.tool_calls.0.id")).isEqualTo("call_1");
    assertThat(calls.get(1).at("messages.2.role")).isEqualTo("tool");
    assertThat(calls.get(1).at("messages.2.tool_call_id")).isEqualTo("call_1");
    assertThat(calls.get(1).at("messages.2.content")).isEqualTo("order A-17 left the warehouse");

    List<ChatMessage> remembered = StatelineChatMemoryStore.of(sessions).getMessages("case-4711");
    assertThat(remembered).hasSize(4);
    assertThat(remembered.get(0)).isInstanceOf(UserMessage.class);
    assertThat(((AiMessage) remembered.get(1)).toolExecutionRequests().get(0).name()).isEqualTo("orderStatus");
    assertThat(((ToolExecutionResultMessage) remembered.get(2)).toolName()).isEqualTo("orderStatus");
    assertThat(((AiMessage) remembered.get(3)).text()).isEqualTo("Your order A-17 has left the warehouse.");

    azure.enqueue(AzureReply.text("You asked about A-17."));
    assistant.chat("case-4711", "What did I ask?");
    assertThat(azure.lastRequest().at("messages.0.content")).isEqualTo("Where is order A-17?");
    assertThat(azure.lastRequest().at("messages.4.content")).isEqualTo("What did I ask?");
  }

  record Invoice(String customer, double total) {}

  interface Extractor {
    Invoice extract(String text);
  }

  @Test
  void structuredOutput_isSentAsAJsonSchema_andTheAnswerIsParsedByLangChain4j() {
    azure.enqueue(AzureReply.text("{\"customer\":\"Contoso\",\"total\":42.5}"));

    Invoice invoice = AiServices.create(Extractor.class, model).extract("Contoso owes 42.50");

    assertThat(invoice).isEqualTo(new Invoice("Contoso", 42.5));
    RecordedCall call = azure.lastRequest();
    assertThat(call.at("response_format.type")).isEqualTo("json_schema");
    assertThat(call.at("response_format.json_schema.schema.type")).isEqualTo("object");
    assertThat(call.at("response_format.json_schema.schema.properties.customer.type")).isEqualTo("string");
    assertThat(call.at("response_format.json_schema.schema.properties.total.type")).isEqualTo("number");
  }

  @Test
  void imagesAndSystemMessages_reachTheWire_andUsageAndFinishReasonComeBack() {
    azure.enqueue(AzureReply.of(Reply.text("A cat.").withUsage(11, 0, 3, 0)));

    ChatResponse r = model.chat(ChatRequest.builder().messages(SystemMessage.from("Be brief."),
        UserMessage.from(TextContent.from("What is this?"),
            ImageContent.from("https://example.com/cat.png", ImageContent.DetailLevel.LOW))).build());

    assertThat(r.aiMessage().text()).isEqualTo("A cat.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(11);
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(3);
    assertThat(r.metadata().modelName()).isNotBlank();
    RecordedCall call = azure.lastRequest();
    assertThat(call.at("messages.0.role")).isEqualTo("system");
    assertThat(call.at("messages.1.content.1.image_url.url")).isEqualTo("https://example.com/cat.png");
    assertThat(call.at("messages.1.content.1.image_url.detail")).isEqualTo("low");
  }

  @Test
  void statelineErrors_becomeLangChain4jsTypes_withTheStatelineExceptionAsCause() {
    azure.enqueue(AzureReply.rateLimited(Duration.ofSeconds(1)));
    assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(RateLimitException.class)
        .hasCauseInstanceOf(RateLimitedException.class);

    azure.enqueue(AzureReply.of(Reply.error(401, "invalid_request_error", "invalid_api_key", "bad key")));
    assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(AuthenticationException.class);

    azure.enqueue(AzureReply.contentFilterError());
    assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(ContentFilteredException.class);

    assertThatThrownBy(() -> model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).topK(5).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("top-k");
  }

  @Test
  void theStreamingModel_deliversDeltas_toolCalls_andTheCompleteResponse() throws Exception {
    StatelineStreamingChatModel streaming = StatelineStreamingChatModel.builder(client).defaultModel("gpt-4.1")
        .build();
    azure.enqueue(AzureReply.text("Hello there, traveller"));
    Recorder text = new Recorder();
    streaming.chat("Hi", text);
    ChatResponse done = text.done.get(10, TimeUnit.SECONDS);
    assertThat(String.join("", text.partials)).isEqualTo("Hello there, traveller");
    assertThat(text.partials).hasSizeGreaterThan(1);
    assertThat(done.aiMessage().text()).isEqualTo("Hello there, traveller");
    assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);

    azure.enqueue(AzureReply.of(Reply.toolCalls(Reply.call("call_9", "orderStatus", "{\"arg0\":\"B-2\"}"))));
    Recorder tools = new Recorder();
    streaming.chat("Where is B-2?", tools);
    ChatResponse toolAnswer = tools.done.get(10, TimeUnit.SECONDS);
    assertThat(toolAnswer.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(tools.completeToolCalls).singleElement()
        .satisfies(c -> assertThat(c.toolExecutionRequest().arguments()).isEqualTo("{\"arg0\":\"B-2\"}"));
    assertThat(tools.partialToolCalls).isNotEmpty().allSatisfy(p -> {
      assertThat(p.id()).isEqualTo("call_9");
      assertThat(p.name()).isEqualTo("orderStatus");
    });

    azure.enqueue(AzureReply.text("one two three"));
    Recorder throwing = new Recorder() {
      @Override
      public void onPartialResponse(String partialResponse) {
        throw new IllegalStateException("the handler broke");
      }
    };
    streaming.chat("Hi", throwing);
    assertThat(throwing.error.get(10, TimeUnit.SECONDS)).hasMessage("the handler broke");
    assertThat(throwing.done).isCompletedExceptionally();

    azure.enqueue(AzureReply.rateLimited(Duration.ofSeconds(1)));
    Recorder failing = new Recorder();
    streaming.chat("Hi", failing);
    assertThat(failing.error.get(10, TimeUnit.SECONDS)).isInstanceOf(RateLimitException.class);
  }

  /** What a streaming handler was told. */
  static class Recorder implements StreamingChatResponseHandler {
    final List<String> partials = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<PartialToolCall> partialToolCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<CompleteToolCall> completeToolCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partialResponse) {
      partials.add(partialResponse);
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
      partialToolCalls.add(partialToolCall);
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
      completeToolCalls.add(completeToolCall);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      done.complete(completeResponse);
    }

    @Override
    public void onError(Throwable e) {
      done.completeExceptionally(e); // before error: a test that waits on error then reads done
      error.complete(e);
    }
  }

  @Test
  void theMemoryStore_appendsWhenTheListGrows_andReplacesWhenAWindowEvicts() {
    InMemorySessionStore sessions = InMemorySessionStore.builder().build();
    StatelineChatMemoryStore store = StatelineChatMemoryStore.of(sessions);
    store.updateMessages("m-1", List.of(UserMessage.from("one"), AiMessage.from("two")));
    store.updateMessages("m-1", List.of(UserMessage.from("one"), AiMessage.from("two"), UserMessage.from("three")));
    assertThat(sessions.load("m-1").orElseThrow().turns()).hasSize(2);
    assertThat(sessions.load("m-1").orElseThrow().version()).isEqualTo(2);

    store.updateMessages("m-1", List.of(UserMessage.from("three")));
    assertThat(store.getMessages("m-1")).containsExactly(UserMessage.from("three"));

    store.deleteMessages("m-1");
    assertThat(store.getMessages("m-1")).isEmpty();
    assertThat(sessions.list()).isEmpty();

    assertThatThrownBy(() -> store.updateMessages("bad/id\n", List.of(UserMessage.from("x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSchemaOfEveryElementKind_isWrittenAsJsonSchema() {
    var schema = dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
        .addStringProperty("name", "who")
        .addIntegerProperty("age")
        .addNumberProperty("score")
        .addBooleanProperty("vip")
        .addEnumProperty("tier", List.of("gold", "silver"))
        .addProperty("tags", dev.langchain4j.model.chat.request.json.JsonArraySchema.builder()
            .items(new dev.langchain4j.model.chat.request.json.JsonStringSchema()).build())
        .addProperty("next", dev.langchain4j.model.chat.request.json.JsonReferenceSchema.builder()
            .reference("Person").build())
        .required("name")
        .additionalProperties(false)
        .definitions(Map.of("Person", dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
            .addStringProperty("name").build()))
        .build();

    assertThat(dev.stateline.langchain4j.internal.SchemaJson.of(schema)).isEqualTo("{\"type\":\"object\","
        + "\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"who\"},\"age\":{\"type\":\"integer\"},"
        + "\"score\":{\"type\":\"number\"},\"vip\":{\"type\":\"boolean\"},"
        + "\"tier\":{\"type\":\"string\",\"enum\":[\"gold\",\"silver\"]},"
        + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"next\":{\"$ref\":\"#/$defs/Person\"}},"
        + "\"required\":[\"name\"],\"additionalProperties\":false,"
        + "\"$defs\":{\"Person\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}}");
  }
}
