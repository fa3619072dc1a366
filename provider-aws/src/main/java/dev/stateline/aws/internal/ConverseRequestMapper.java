/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.chat.Role;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Turns a portable {@link ChatRequest} into the parts of a Converse / ConverseStream request.
 *
 * <ul>
 *   <li>system and developer messages become {@code system} text blocks, in order;
 *   <li>user and assistant messages become Converse messages; neighbours with the same Converse role
 *       are merged, since Converse wants the roles to alternate;
 *   <li>assistant tool calls become {@code toolUse} blocks, their argument text parsed into a
 *       {@link Document}; tool results become {@code toolResult} blocks of a user message, as
 *       {@code json} when the result is a JSON object or array and as {@code text} otherwise;
 *   <li>inline images become {@code image} blocks; URL images are refused, as Converse takes only
 *       bytes (or S3 locations);
 *   <li>a JSON response format is emulated with a forced tool, see {@link OutputTool}.
 * </ul>
 *
 * <p>{@code seed}, {@code user} and {@code parallelToolCalls} have no Converse field and are not sent.
 * Requests that need server-held state ({@code previousResponseId}, {@code store=true}) are refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConverseRequestMapper {

  private ConverseRequestMapper() {}

  /** A mapped request, ready to be put on either request builder. */
  public record Mapped(
      List<SystemContentBlock> system,
      List<Message> messages,
      InferenceConfiguration inference,
      ToolConfiguration toolConfig,
      Map<String, String> metadata,
      OutputTool outputTool) {

    public ConverseRequest toConverse(String modelId) {
      ConverseRequest.Builder b = ConverseRequest.builder().modelId(modelId).messages(messages);
      if (!system.isEmpty()) {
        b.system(system);
      }
      if (inference != null) {
        b.inferenceConfig(inference);
      }
      if (toolConfig != null) {
        b.toolConfig(toolConfig);
      }
      if (!metadata.isEmpty()) {
        b.requestMetadata(metadata);
      }
      return b.build();
    }

    public ConverseStreamRequest toConverseStream(String modelId) {
      ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(modelId).messages(messages);
      if (!system.isEmpty()) {
        b.system(system);
      }
      if (inference != null) {
        b.inferenceConfig(inference);
      }
      if (toolConfig != null) {
        b.toolConfig(toolConfig);
      }
      if (!metadata.isEmpty()) {
        b.requestMetadata(metadata);
      }
      return b.build();
    }
  }

  /**
   * The forced tool that carries a JSON answer, when the request asked for one.
   *
   * <p>At SDK 2.35.0 the Converse model has no structured-output field ({@code outputConfig} came
   * to the API later), so a JSON answer is requested as the input of a tool named after the schema
   * that the model is made to call. The answer comes back as that tool's input and is returned as
   * the response text, never as a tool call.
   *
   * @param name the tool's name: the schema's name, or {@code json_object} for plain JSON mode
   */
  public record OutputTool(String name) {}

  /** The tool name used for {@link ResponseFormat#jsonObject()}. */
  public static final String JSON_OBJECT_TOOL = "json_object";

  /**
   * Maps {@code request}.
   *
   * @throws InvalidRequestException if the request uses something Converse cannot express (URL
   *     images, server-held state) or carries malformed JSON (tool schemas, tool-call arguments)
   */
  public static Mapped map(ChatRequest request) {
    if (request.usesServerState()) {
      throw invalid("Bedrock Converse holds no conversation state: previousResponseId and store=true are"
          + " not supported; send the whole conversation (or use a Stateline session)", "previousResponseId");
    }
    List<SystemContentBlock> system = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    ConversationRole currentRole = null;
    List<ContentBlock> current = null;

    List<dev.stateline.chat.Message> in = request.messages();
    for (int i = 0; i < in.size(); i++) {
      dev.stateline.chat.Message m = in.get(i);
      if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) {
        String text = m.text();
        if (!text.isEmpty()) {
          system.add(SystemContentBlock.fromText(text));
        }
        continue;
      }
      ConversationRole role = m.role() == Role.ASSISTANT ? ConversationRole.ASSISTANT : ConversationRole.USER;
      List<ContentBlock> blocks = blocks(m, i);
      if (blocks.isEmpty()) {
        continue; // an empty assistant turn carries nothing; Converse would reject it
      }
      if (role != currentRole) {
        if (current != null) {
          messages.add(Message.builder().role(currentRole).content(current).build());
        }
        currentRole = role;
        current = new ArrayList<>();
      }
      current.addAll(blocks);
    }
    if (current != null) {
      messages.add(Message.builder().role(currentRole).content(current).build());
    }
    if (messages.isEmpty()) {
      throw invalid("Bedrock Converse needs at least one user or assistant message besides system"
          + " instructions", "messages");
    }

    OutputTool outputTool = outputTool(request);
    ToolConfiguration toolConfig = toolConfig(request, outputTool, hasToolBlocks(messages));
    return new Mapped(List.copyOf(system), List.copyOf(messages), inference(request), toolConfig,
        request.metadata(), outputTool);
  }

  private static List<ContentBlock> blocks(dev.stateline.chat.Message m, int index) {
    List<ContentBlock> blocks = new ArrayList<>();
    if (m.role() == Role.TOOL) {
      String result = m.text();
      ToolResultContentBlock content = toolResultContent(result);
      blocks.add(ContentBlock.fromToolResult(ToolResultBlock.builder()
          .toolUseId(m.toolCallId())
          .content(content)
          .build()));
      return blocks;
    }
    List<ContentPart> parts = m.content();
    for (int p = 0; p < parts.size(); p++) {
      ContentPart part = parts.get(p);
      if (part instanceof TextPart t) {
        if (!t.text().isEmpty()) {
          blocks.add(ContentBlock.fromText(t.text()));
        }
      } else if (part instanceof ImagePart img) {
        blocks.add(ContentBlock.fromImage(image(img, index, p)));
      }
    }
    List<ToolCall> calls = m.toolCalls();
    for (int c = 0; c < calls.size(); c++) {
      ToolCall call = calls.get(c);
      Document input;
      String args = call.argumentsJson();
      if (args.isBlank()) {
        input = Document.mapBuilder().build();
      } else {
        try {
          input = JsonDocuments.parse(args);
        } catch (IllegalArgumentException e) {
          throw invalid("the arguments of tool call '" + call.id() + "' in message " + index
              + " are not valid JSON (" + e.getMessage() + "); Converse needs them as a JSON value",
              "messages[" + index + "].toolCalls[" + c + "].argumentsJson");
        }
      }
      blocks.add(ContentBlock.fromToolUse(ToolUseBlock.builder()
          .toolUseId(call.id())
          .name(call.name())
          .input(input)
          .build()));
    }
    return blocks;
  }

  private static ToolResultContentBlock toolResultContent(String result) {
    String t = result.strip();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return ToolResultContentBlock.fromJson(JsonDocuments.parse(t));
      } catch (IllegalArgumentException notJson) {
        // Looks like JSON but is not: send it as the text it is.
      }
    }
    return ToolResultContentBlock.fromText(result);
  }

  private static ImageBlock image(ImagePart img, int message, int part) {
    if (!img.isInline()) {
      throw invalid("Bedrock Converse does not fetch images by URL; pass the bytes with"
          + " ImagePart.fromBytes(data, mediaType)", "messages[" + message + "].content[" + part + "]");
    }
    ImageFormat format = switch (img.mediaType()) {
      case "image/png" -> ImageFormat.PNG;
      case "image/jpeg" -> ImageFormat.JPEG;
      case "image/gif" -> ImageFormat.GIF;
      case "image/webp" -> ImageFormat.WEBP;
      default -> throw invalid("Bedrock Converse does not take images of type " + img.mediaType()
          + " (png, jpeg, gif and webp are supported)", "messages[" + message + "].content[" + part + "]");
    };
    return ImageBlock.builder()
        .format(format)
        .source(ImageSource.fromBytes(SdkBytes.fromByteArray(img.data())))
        .build();
  }

  private static InferenceConfiguration inference(ChatRequest r) {
    if (r.maxOutputTokens() == null && r.temperature() == null && r.topP() == null && r.stop().isEmpty()) {
      return null;
    }
    InferenceConfiguration.Builder b = InferenceConfiguration.builder();
    if (r.maxOutputTokens() != null) {
      b.maxTokens(r.maxOutputTokens());
    }
    if (r.temperature() != null) {
      b.temperature(r.temperature().floatValue());
    }
    if (r.topP() != null) {
      b.topP(r.topP().floatValue());
    }
    if (!r.stop().isEmpty()) {
      b.stopSequences(r.stop());
    }
    return b.build();
  }

  private static OutputTool outputTool(ChatRequest r) {
    ResponseFormat f = r.responseFormat();
    String name;
    if (f instanceof ResponseFormat.JsonSchema s) {
      name = s.name();
    } else if (f instanceof ResponseFormat.JsonObject) {
      name = JSON_OBJECT_TOOL;
    } else {
      return null;
    }
    for (ToolDefinition t : r.tools()) {
      if (t.name().equals(name)) {
        throw invalid("the response format '" + name + "' is sent to Bedrock as a tool of that name,"
            + " which clashes with a tool of the request; rename one of them", "responseFormat");
      }
    }
    return new OutputTool(name);
  }

  private static ToolConfiguration toolConfig(ChatRequest r, OutputTool outputTool, boolean historyHasTools) {
    dev.stateline.chat.ToolChoice choice = r.toolChoice();
    boolean none = choice != null && choice.mode() == dev.stateline.chat.ToolChoice.Mode.NONE;
    List<Tool> tools = new ArrayList<>();
    // Converse has no "none" choice. Leave the tools out when that is allowed; a conversation that
    // already holds toolUse/toolResult blocks must declare its tools, so they are sent then.
    boolean sendUserTools = !r.tools().isEmpty() && (!none || historyHasTools);
    if (sendUserTools) {
      for (int i = 0; i < r.tools().size(); i++) {
        ToolDefinition t = r.tools().get(i);
        tools.add(tool(t.name(), t.description(), schema(t.parametersSchemaJson(), "tools[" + i + "].parametersSchemaJson")));
      }
    }
    if (outputTool != null) {
      String schemaJson = r.responseFormat() instanceof ResponseFormat.JsonSchema s
          ? s.schemaJson() : "{\"type\":\"object\"}";
      tools.add(tool(outputTool.name(),
          "Give your final answer by calling this tool: its input is the answer, in exactly the"
              + " format its schema requires.",
          schema(schemaJson, "responseFormat.schemaJson")));
    }
    if (tools.isEmpty()) {
      return null;
    }
    ToolConfiguration.Builder b = ToolConfiguration.builder().tools(tools);
    ToolChoice wire = wireChoice(choice, outputTool, sendUserTools);
    if (wire != null) {
      b.toolChoice(wire);
    }
    return b.build();
  }

  private static ToolChoice wireChoice(dev.stateline.chat.ToolChoice choice, OutputTool outputTool,
      boolean userTools) {
    dev.stateline.chat.ToolChoice.Mode mode = choice == null ? null : choice.mode();
    if (mode == dev.stateline.chat.ToolChoice.Mode.TOOL) {
      String name = choice.toolName();
      return ToolChoice.fromTool(t -> t.name(name));
    }
    if (outputTool != null) {
      // The answer must come through a tool: the output tool alone, or any tool when the model may
      // also call the request's own tools first.
      if (!userTools || mode == dev.stateline.chat.ToolChoice.Mode.NONE) {
        return ToolChoice.fromTool(t -> t.name(outputTool.name()));
      }
      return ToolChoice.fromAny(a -> {});
    }
    if (mode == null || mode == dev.stateline.chat.ToolChoice.Mode.NONE) {
      return null;
    }
    return mode == dev.stateline.chat.ToolChoice.Mode.REQUIRED
        ? ToolChoice.fromAny(a -> {})
        : ToolChoice.fromAuto(a -> {});
  }

  private static Tool tool(String name, String description, Document schema) {
    ToolSpecification.Builder spec = ToolSpecification.builder()
        .name(name)
        .inputSchema(ToolInputSchema.fromJson(schema));
    if (description != null && !description.isBlank()) {
      spec.description(description);
    }
    return Tool.fromToolSpec(spec.build());
  }

  private static Document schema(String json, String param) {
    try {
      Document d = JsonDocuments.parse(json);
      if (!d.isMap()) {
        throw invalid(param + " must be a JSON object", param);
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw invalid(param + " is not valid JSON: " + e.getMessage(), param);
    }
  }

  private static boolean hasToolBlocks(List<Message> messages) {
    for (Message m : messages) {
      for (ContentBlock b : m.content()) {
        if (b.toolUse() != null || b.toolResult() != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static InvalidRequestException invalid(String message, String param) {
    return new InvalidRequestException(message, ErrorInfo.of(BedrockErrors.PROVIDER), param, null);
  }
}
