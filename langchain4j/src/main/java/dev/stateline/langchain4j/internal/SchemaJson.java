/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j.internal;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's JSON schema elements as JSON Schema text, the form Stateline's
 * {@code ToolDefinition} and {@code ResponseFormat.JsonSchema} take: {@code type},
 * {@code description}, {@code properties}, {@code required}, {@code additionalProperties},
 * {@code items}, {@code enum}, {@code anyOf}, {@code $ref} into {@code #/$defs/} with the
 * definitions under {@code $defs}; a raw schema as it is. Stateless.
 */
public final class SchemaJson {
  private SchemaJson() {}

  /** The schema of {@code element} as a JSON object. */
  public static String of(JsonSchemaElement element) {
    StringBuilder sb = new StringBuilder();
    write(sb, element);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonSchemaElement e) {
    if (e instanceof JsonRawSchema raw) {
      sb.append(raw.schema());
      return;
    }
    sb.append('{');
    Fields f = new Fields(sb);
    if (e instanceof JsonObjectSchema o) {
      f.name("type").append("\"object\"");
      description(f, o.description());
      f.name("properties").append('{');
      Fields props = new Fields(sb);
      if (o.properties() != null) {
        for (Map.Entry<String, JsonSchemaElement> p : o.properties().entrySet()) {
          props.name(p.getKey());
          write(sb, p.getValue());
        }
      }
      sb.append('}');
      if (o.required() != null && !o.required().isEmpty()) {
        f.name("required");
        strings(sb, o.required());
      }
      if (o.additionalProperties() != null) {
        f.name("additionalProperties").append(o.additionalProperties());
      }
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        f.name("$defs").append('{');
        Fields defs = new Fields(sb);
        for (Map.Entry<String, JsonSchemaElement> d : o.definitions().entrySet()) {
          defs.name(d.getKey());
          write(sb, d.getValue());
        }
        sb.append('}');
      }
    } else if (e instanceof JsonArraySchema a) {
      f.name("type").append("\"array\"");
      description(f, a.description());
      if (a.items() != null) {
        f.name("items");
        write(sb, a.items());
      }
    } else if (e instanceof JsonEnumSchema en) {
      f.name("type").append("\"string\"");
      description(f, en.description());
      f.name("enum");
      strings(sb, en.enumValues());
    } else if (e instanceof JsonStringSchema s) {
      f.name("type").append("\"string\"");
      description(f, s.description());
    } else if (e instanceof JsonIntegerSchema i) {
      f.name("type").append("\"integer\"");
      description(f, i.description());
    } else if (e instanceof JsonNumberSchema n) {
      f.name("type").append("\"number\"");
      description(f, n.description());
    } else if (e instanceof JsonBooleanSchema b) {
      f.name("type").append("\"boolean\"");
      description(f, b.description());
    } else if (e instanceof JsonNullSchema) {
      f.name("type").append("\"null\"");
    } else if (e instanceof JsonReferenceSchema r) {
      f.name("$ref");
      string(sb, "#/$defs/" + r.reference());
      description(f, r.description());
    } else if (e instanceof JsonAnyOfSchema any) {
      description(f, any.description());
      f.name("anyOf").append('[');
      for (int i = 0; i < any.anyOf().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, any.anyOf().get(i));
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("a JSON schema element Stateline cannot express: "
          + e.getClass().getSimpleName());
    }
    sb.append('}');
  }

  private static void description(Fields f, String description) {
    if (description != null) {
      string(f.name("description"), description);
    }
  }

  private static void strings(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      string(sb, values.get(i));
    }
    sb.append(']');
  }

  /** Appends {@code s} as a JSON string. */
  public static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /** Writes the names of an object's fields, with the commas between them. */
  private static final class Fields {
    private final StringBuilder sb;
    private boolean first = true;

    Fields(StringBuilder sb) {
      this.sb = sb;
    }

    StringBuilder name(String name) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      return string(sb, name).append(':');
    }
  }
}
