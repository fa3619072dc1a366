/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.dynamodb;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@code UpdateExpression} of {@code UpdateItem}, on top-level attributes: {@code SET a = v},
 * {@code SET a = if_not_exists(a, v)}, {@code SET a = x + y} / {@code x - y} (numbers),
 * {@code ADD a :n} (a number, or a set), {@code REMOVE a}; each clause keyword at most once, and no
 * attribute named by two actions, as DynamoDB requires. Every operand is read from the item as it
 * was before the update, as DynamoDB does.
 */
final class UpdateExpression {
  /** DynamoDB numbers: up to 38 significant digits. */
  private static final int MAX_DIGITS = 38;

  private sealed interface Operand permits Path, Value, IfNotExists, Arithmetic {}

  private record Path(String name) implements Operand {}

  private record Value(Object value) implements Operand {}

  private record IfNotExists(String path, Operand fallback) implements Operand {}

  private record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {}

  private record Action(String clause, String path, Operand operand) {}

  private final List<Action> actions = new ArrayList<>();
  private final List<String> tokens;
  private final String source;
  private final Expression.Context context;
  private int pos;

  private UpdateExpression(String source, Expression.Context context) {
    this.source = source;
    this.context = context;
    this.tokens = tokenize(source);
  }

  /** Parses {@code expression}; the names and values it uses are marked used in {@code context}. */
  static UpdateExpression parse(String expression, Expression.Context context) {
    UpdateExpression u = new UpdateExpression(expression, context);
    u.parse();
    return u;
  }

  private void parse() {
    Set<String> clauses = new LinkedHashSet<>();
    Set<String> paths = new LinkedHashSet<>();
    if (tokens.isEmpty()) {
      throw invalid("the expression is empty");
    }
    while (pos < tokens.size()) {
      String clause = next().toUpperCase(java.util.Locale.ROOT);
      if (!Set.of("SET", "ADD", "REMOVE", "DELETE").contains(clause)) {
        throw invalid("token: \"" + tokens.get(pos - 1) + "\"");
      }
      if (!clauses.add(clause)) {
        throw new DynamoDbEmulator.Failure("ValidationException", "Invalid UpdateExpression: The \"" + clause
            + "\" section can only be used once in an update expression;");
      }
      if (clause.equals("DELETE")) {
        throw new DynamoDbEmulator.Failure("ValidationException", "DELETE (removing elements from a set) is not"
            + " supported by this emulator");
      }
      do {
        String path = path();
        Operand operand = null;
        switch (clause) {
          case "SET" -> {
            expect("=");
            operand = setValue();
          }
          case "ADD" -> operand = value();
          default -> {
            // REMOVE: a path only
          }
        }
        if (!paths.add(path)) {
          throw new DynamoDbEmulator.Failure("ValidationException", "Invalid UpdateExpression: Two document paths"
              + " overlap with each other; must remove or rewrite one of these paths; path one: [" + path
              + "], path two: [" + path + "]");
        }
        actions.add(new Action(clause, path, operand));
      } while (accept(","));
    }
  }

  private Operand setValue() {
    Operand left = simple();
    if (accept("+")) {
      return new Arithmetic(left, true, simple());
    }
    if (accept("-")) {
      return new Arithmetic(left, false, simple());
    }
    return left;
  }

  private Operand simple() {
    String t = peek();
    if (t == null) {
      throw invalid("an operand is missing");
    }
    if (t.startsWith(":")) {
      return value();
    }
    if (t.equals("if_not_exists")) {
      next();
      expect("(");
      String path = path();
      expect(",");
      Operand fallback = simple();
      expect(")");
      return new IfNotExists(path, fallback);
    }
    if (t.equals("list_append")) {
      throw new DynamoDbEmulator.Failure("ValidationException", "list_append is not supported by this emulator");
    }
    return new Path(path());
  }

  private Operand value() {
    String t = next();
    if (t == null || !t.startsWith(":")) {
      throw invalid("expected an expression attribute value, found " + (t == null ? "the end" : "\"" + t + "\""));
    }
    return new Value(context.value(t));
  }

  private String path() {
    String t = next();
    if (t == null || t.startsWith(":") || !(t.startsWith("#") || Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
      throw invalid("expected an attribute name, found " + (t == null ? "the end" : "\"" + t + "\""));
    }
    if (".".equals(peek()) || "[".equals(peek())) {
      throw new DynamoDbEmulator.Failure("ValidationException", "nested document paths are not supported by this"
          + " emulator");
    }
    return context.name(t);
  }

  /**
   * Applies the update to a copy of {@code old} (an empty item with {@code key} if absent).
   *
   * @param keyNames the table's key attributes, which an update may not touch
   * @param updated receives the names of the attributes the update changed
   */
  Map<String, Object> apply(Map<String, Object> old, Map<String, Object> key, Set<String> keyNames,
      Set<String> updated) {
    Map<String, Object> before = old == null ? key : old;
    Map<String, Object> item = new LinkedHashMap<>(before);
    for (Action a : actions) {
      if (keyNames.contains(a.path)) {
        throw new DynamoDbEmulator.Failure("ValidationException", "One or more parameter values were invalid:"
            + " Cannot update attribute " + a.path + ". This attribute is part of the key");
      }
      switch (a.clause) {
        case "SET" -> item.put(a.path, evaluate(a.operand, before));
        case "ADD" -> item.put(a.path, add(before.get(a.path), ((Value) a.operand).value()));
        default -> item.remove(a.path);
      }
      updated.add(a.path);
    }
    return item;
  }

  private Object evaluate(Operand o, Map<String, Object> item) {
    if (o instanceof Value v) {
      return v.value();
    }
    if (o instanceof Path p) {
      Object v = item.get(p.name());
      if (v == null) {
        throw new DynamoDbEmulator.Failure("ValidationException", "The provided expression refers to an attribute"
            + " that does not exist in the item");
      }
      return v;
    }
    if (o instanceof IfNotExists f) {
      Object v = item.get(f.path());
      return v != null ? v : evaluate(f.fallback(), item);
    }
    Arithmetic a = (Arithmetic) o;
    Object l = evaluate(a.left(), item);
    Object r = evaluate(a.right(), item);
    if (!Values.type(l).equals("N") || !Values.type(r).equals("N")) {
      throw new DynamoDbEmulator.Failure("ValidationException", "An operand in the update expression has an"
          + " incorrect data type");
    }
    BigDecimal x = Values.number((String) Values.payload(l));
    BigDecimal y = Values.number((String) Values.payload(r));
    return number(a.plus() ? x.add(y) : x.subtract(y));
  }

  private static Object add(Object existing, Object value) {
    String type = Values.type(value);
    if (type.equals("N")) {
      if (existing == null) {
        return number(Values.number((String) Values.payload(value)));
      }
      if (!Values.type(existing).equals("N")) {
        throw new DynamoDbEmulator.Failure("ValidationException", "An operand in the update expression has an"
            + " incorrect data type");
      }
      return number(Values.number((String) Values.payload(existing)).add(Values.number((String) Values.payload(value))));
    }
    if (type.equals("SS") || type.equals("NS") || type.equals("BS")) {
      if (existing == null) {
        return value;
      }
      if (!Values.type(existing).equals(type)) {
        throw new DynamoDbEmulator.Failure("ValidationException", "An operand in the update expression has an"
            + " incorrect data type");
      }
      Set<Object> union = new LinkedHashSet<>((List<?>) Values.payload(existing));
      union.addAll((List<?>) Values.payload(value));
      return Map.of(type, new ArrayList<>(union));
    }
    throw new DynamoDbEmulator.Failure("ValidationException", "Invalid UpdateExpression: Incorrect operand type for"
        + " operator or function; operator: ADD, operand type: " + typeName(type));
  }

  private static String typeName(String type) {
    return switch (type) {
      case "S" -> "STRING";
      case "B" -> "BINARY";
      case "BOOL" -> "BOOLEAN";
      case "M" -> "MAP";
      case "L" -> "LIST";
      default -> type;
    };
  }

  private static Object number(BigDecimal n) {
    BigDecimal d = n.stripTrailingZeros();
    if (d.signum() != 0 && d.precision() > MAX_DIGITS) {
      d = d.round(new MathContext(MAX_DIGITS));
      if (d.precision() > MAX_DIGITS) {
        throw new DynamoDbEmulator.Failure("ValidationException", "Number overflow. Attempting to store a number"
            + " with magnitude larger than supported range");
      }
    }
    return Map.of("N", d.signum() == 0 ? "0" : d.toPlainString());
  }

  // ------------------------------------------------------------------ tokens

  private static List<String> tokenize(String s) {
    return Expression.tokenize(s, "(),=+-.[]", false, "UpdateExpression");
  }

  private String peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private String next() {
    return pos < tokens.size() ? tokens.get(pos++) : null;
  }

  private boolean accept(String token) {
    if (token.equals(peek())) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw invalid("expected '" + token + "'");
    }
  }

  private DynamoDbEmulator.Failure invalid(String why) {
    return new DynamoDbEmulator.Failure("ValidationException",
        "Invalid UpdateExpression: Syntax error; " + why + ", in: \"" + source + "\"");
  }
}
