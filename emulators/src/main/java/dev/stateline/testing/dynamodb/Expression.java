/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * DynamoDB condition, filter and key-condition expressions, and projection expressions: parsed
 * against the request's {@code ExpressionAttributeNames} ({@code #name}) and
 * {@code ExpressionAttributeValues} ({@code :value}), then evaluated on items.
 *
 * <p>Grammar (DynamoDB's, restricted to top-level attributes):
 *
 * <pre>
 * condition  := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | primary
 * primary    := '(' condition ')'
 *             | attribute_exists '(' path ')' | attribute_not_exists '(' path ')'
 *             | begins_with '(' path ',' operand ')' | contains '(' path ',' operand ')'
 *             | operand comparator operand
 *             | operand BETWEEN operand AND operand
 *             | operand IN '(' operand ( ',' operand )* ')'
 * operand    := path | :value | size '(' path ')'
 * comparator := = | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * </pre>
 *
 * Nested document paths ({@code a.b}, {@code a[0]}) are refused with a ValidationException, as
 * the stores under test never use them. Keywords are case-insensitive.
 */
final class Expression {

  /** A parsed condition. */
  interface Condition {
    boolean test(Map<String, Object> item);
  }

  /** A parsed operand: the value it has on an item, or null if the attribute is missing. */
  interface Operand {
    Object value(Map<String, Object> item);
  }

  /** Attribute names and values of one request, and which of them the expressions used. */
  static final class Context {
    private final Map<String, String> names;
    private final Map<String, Object> values;
    private final Set<String> usedNames = new TreeSet<>();
    private final Set<String> usedValues = new TreeSet<>();

    Context(Map<String, String> names, Map<String, Object> values) {
      this.names = names == null ? Map.of() : names;
      this.values = values == null ? Map.of() : values;
      for (Object v : this.values.values()) {
        Values.validate(v);
      }
    }

    String name(String token) {
      if (token.startsWith("#")) {
        String n = names.get(token);
        if (n == null) {
          throw new DynamoDbEmulator.Failure("ValidationException", "Invalid expression: An expression attribute"
              + " name used in the document path is not defined; attribute name: " + token);
        }
        usedNames.add(token);
        return n;
      }
      return token;
    }

    Object value(String token) {
      Object v = values.get(token);
      if (v == null) {
        throw new DynamoDbEmulator.Failure("ValidationException", "Invalid expression: An expression attribute"
            + " value used in expression is not defined; attribute value: " + token);
      }
      usedValues.add(token);
      return v;
    }

    /** Fails as DynamoDB does when a name or value was supplied but never used. */
    void checkAllUsed() {
      Set<String> unusedNames = new TreeSet<>(names.keySet());
      unusedNames.removeAll(usedNames);
      if (!unusedNames.isEmpty()) {
        throw new DynamoDbEmulator.Failure("ValidationException",
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + String.join(", ", unusedNames) + "}");
      }
      Set<String> unusedValues = new TreeSet<>(values.keySet());
      unusedValues.removeAll(usedValues);
      if (!unusedValues.isEmpty()) {
        throw new DynamoDbEmulator.Failure("ValidationException",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + String.join(", ", unusedValues) + "}");
      }
    }
  }

  private final List<String> tokens;
  private final Context context;
  private final String source;
  private int pos;

  private Expression(String source, Context context) {
    this.source = source;
    this.context = context;
    this.tokens = tokenize(source);
  }

  /** Parses a condition (ConditionExpression, FilterExpression, KeyConditionExpression). */
  static Condition condition(String expression, Context context) {
    Expression p = new Expression(expression, context);
    Condition c = p.or();
    p.expectEnd();
    return c;
  }

  /** Parses a ProjectionExpression into the attribute names it keeps. */
  static List<String> projection(String expression, Context context) {
    Expression p = new Expression(expression, context);
    List<String> names = new ArrayList<>();
    names.add(p.path());
    while (p.accept(",")) {
      names.add(p.path());
    }
    p.expectEnd();
    return names;
  }

  /**
   * The value a key condition requires of {@code attribute} with {@code =} (the partition key of a
   * Query), or null if the expression has no such equality.
   */
  static Object equalityOn(String expression, Context context, String attribute) {
    List<String> t = tokenize(expression);
    for (int i = 0; i + 2 < t.size(); i++) {
      if (!t.get(i + 1).equals("=")) {
        continue;
      }
      String a = t.get(i);
      String b = t.get(i + 2);
      if (b.startsWith(":") && !a.startsWith(":") && attribute.equals(resolve(a, context))) {
        return context.value(b);
      }
      if (a.startsWith(":") && !b.startsWith(":") && attribute.equals(resolve(b, context))) {
        return context.value(a);
      }
    }
    return null;
  }

  private static String resolve(String token, Context context) {
    return token.startsWith("#") ? context.names.get(token) : token;
  }

  /** Keeps only the projected attributes of an item. */
  static Map<String, Object> project(Map<String, Object> item, List<String> names) {
    if (names == null) {
      return item;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : names) {
      if (item.containsKey(n)) {
        out.put(n, item.get(n));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ parsing

  private Condition or() {
    Condition left = and();
    while (acceptKeyword("OR")) {
      Condition a = left;
      Condition b = and();
      left = item -> a.test(item) || b.test(item);
    }
    return left;
  }

  private Condition and() {
    Condition left = not();
    while (acceptKeyword("AND")) {
      Condition a = left;
      Condition b = not();
      left = item -> a.test(item) && b.test(item);
    }
    return left;
  }

  private Condition not() {
    if (acceptKeyword("NOT")) {
      Condition c = not();
      return item -> !c.test(item);
    }
    return primary();
  }

  private Condition primary() {
    if (accept("(")) {
      Condition c = or();
      expect(")");
      return c;
    }
    String t = peek();
    String fn = t == null ? "" : t.toLowerCase(Locale.ROOT);
    if (isFunction(fn) && "(".equals(peek(1))) {
      pos += 2;
      switch (fn) {
        case "attribute_exists": {
          String path = path();
          expect(")");
          return item -> item.containsKey(path);
        }
        case "attribute_not_exists": {
          String path = path();
          expect(")");
          return item -> !item.containsKey(path);
        }
        case "begins_with": {
          String path = path();
          expect(",");
          Operand prefix = operand();
          expect(")");
          return item -> beginsWith(item.get(path), prefix.value(item));
        }
        case "contains": {
          String path = path();
          expect(",");
          Operand needle = operand();
          expect(")");
          return item -> contains(item.get(path), needle.value(item));
        }
        default:
          throw invalid("the function " + t + " is not a condition");
      }
    }
    Operand left = operand();
    if (acceptKeyword("BETWEEN")) {
      Operand low = operand();
      if (!acceptKeyword("AND")) {
        throw invalid("BETWEEN needs AND");
      }
      Operand high = operand();
      return item -> {
        Integer a = Values.compare(left.value(item), low.value(item));
        Integer b = Values.compare(left.value(item), high.value(item));
        return a != null && b != null && a >= 0 && b <= 0;
      };
    }
    if (acceptKeyword("IN")) {
      expect("(");
      List<Operand> options = new ArrayList<>();
      options.add(operand());
      while (accept(",")) {
        options.add(operand());
      }
      expect(")");
      return item -> {
        Object v = left.value(item);
        for (Operand o : options) {
          if (Values.equal(v, o.value(item))) {
            return true;
          }
        }
        return false;
      };
    }
    String op = next();
    Operand right = operand();
    switch (op == null ? "" : op) {
      case "=":
        return item -> Values.equal(left.value(item), right.value(item));
      case "<>":
        return item -> {
          Object a = left.value(item);
          Object b = right.value(item);
          return a != null && b != null && !Values.equal(a, b);
        };
      case "<":
        return item -> compares(left, right, item, c -> c < 0);
      case "<=":
        return item -> compares(left, right, item, c -> c <= 0);
      case ">":
        return item -> compares(left, right, item, c -> c > 0);
      case ">=":
        return item -> compares(left, right, item, c -> c >= 0);
      default:
        throw invalid("expected a comparator, found " + (op == null ? "the end" : "'" + op + "'"));
    }
  }

  private static boolean isFunction(String fn) {
    return fn.equals("attribute_exists") || fn.equals("attribute_not_exists") || fn.equals("begins_with")
        || fn.equals("contains") || fn.equals("attribute_type");
  }

  private interface IntTest {
    boolean test(int c);
  }

  private static boolean compares(Operand l, Operand r, Map<String, Object> item, IntTest test) {
    Integer c = Values.compare(l.value(item), r.value(item));
    return c != null && test.test(c);
  }

  private Operand operand() {
    String t = peek();
    if (t == null) {
      throw invalid("expected an operand, found the end");
    }
    if (t.startsWith(":")) {
      pos++;
      Object v = context.value(t);
      return item -> v;
    }
    if (t.equalsIgnoreCase("size") && "(".equals(peek(1))) {
      pos += 2;
      String path = path();
      expect(")");
      return item -> {
        Object v = item.get(path);
        if (v == null) {
          return null;
        }
        Object p = Values.payload(v);
        long n;
        switch (Values.type(v)) {
          case "S" -> n = Values.utf8((String) p);
          case "B" -> n = Values.bytes((String) p).length;
          case "M" -> n = ((Map<?, ?>) p).size();
          case "L", "SS", "NS", "BS" -> n = ((List<?>) p).size();
          default -> {
            return null;
          }
        }
        return Map.of("N", Long.toString(n));
      };
    }
    String path = path();
    return item -> item.get(path);
  }

  private String path() {
    String t = next();
    if (t == null || !(t.startsWith("#") || Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
      throw invalid("expected an attribute name, found " + (t == null ? "the end" : "'" + t + "'"));
    }
    String name = context.name(t);
    String after = peek();
    if (".".equals(after) || "[".equals(after)) {
      throw new DynamoDbEmulator.Failure("ValidationException",
          "the emulator supports top-level attributes only, not nested document paths: " + source);
    }
    return name;
  }

  private static boolean beginsWith(Object value, Object prefix) {
    if (value == null || prefix == null || !Values.type(value).equals(Values.type(prefix))) {
      return false;
    }
    String type = Values.type(value);
    if (type.equals("S")) {
      return ((String) Values.payload(value)).startsWith((String) Values.payload(prefix));
    }
    if (type.equals("B")) {
      byte[] v = Values.bytes((String) Values.payload(value));
      byte[] p = Values.bytes((String) Values.payload(prefix));
      if (p.length > v.length) {
        return false;
      }
      for (int i = 0; i < p.length; i++) {
        if (v[i] != p[i]) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean contains(Object value, Object needle) {
    if (value == null || needle == null) {
      return false;
    }
    String type = Values.type(value);
    Object p = Values.payload(value);
    if (type.equals("S") && Values.type(needle).equals("S")) {
      return ((String) p).contains((String) Values.payload(needle));
    }
    if (type.equals("L")) {
      for (Object e : (List<?>) p) {
        if (Values.equal(e, needle)) {
          return true;
        }
      }
    }
    if (type.equals("SS") || type.equals("NS") || type.equals("BS")) {
      String element = type.substring(0, 1);
      return Values.type(needle).equals(element) && ((List<?>) p).contains(Values.payload(needle));
    }
    return false;
  }

  // ------------------------------------------------------------------ tokens

  private static List<String> tokenize(String s) {
    return tokenize(s, "(),=.[]", true, "expression");
  }

  /**
   * Splits a DynamoDB expression into tokens: names ({@code #n}), values ({@code :v}), words, the
   * one-character symbols in {@code symbols}, and, with {@code comparisons}, {@code < <= > >= <>}.
   * Anything else is DynamoDB's syntax error for an expression of kind {@code what}.
   */
  static List<String> tokenize(String s, String symbols, boolean comparisons, String what) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (symbols.indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (comparisons && (c == '<' || c == '>')) {
        if (i + 1 < s.length() && (s.charAt(i + 1) == '=' || c == '<' && s.charAt(i + 1) == '>')) {
          out.add(s.substring(i, i + 2));
          i += 2;
        } else {
          out.add(String.valueOf(c));
          i++;
        }
      } else if (c == '#' || c == ':' || Character.isLetterOrDigit(c) || c == '_') {
        int start = i++;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        out.add(s.substring(start, i));
      } else {
        throw new DynamoDbEmulator.Failure("ValidationException",
            "Invalid " + what + ": Syntax error; token: \"" + c + "\", near: \"" + s + "\"");
      }
    }
    return out;
  }

  private String peek() {
    return peek(0);
  }

  private String peek(int ahead) {
    int i = pos + ahead;
    return i < tokens.size() ? tokens.get(i) : null;
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

  private boolean acceptKeyword(String keyword) {
    String t = peek();
    if (t != null && t.equalsIgnoreCase(keyword)) {
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

  private void expectEnd() {
    if (pos != tokens.size()) {
      throw invalid("unexpected '" + tokens.get(pos) + "'");
    }
  }

  private DynamoDbEmulator.Failure invalid(String why) {
    return new DynamoDbEmulator.Failure("ValidationException",
        "Invalid expression: Syntax error; " + why + ", in: \"" + source + "\"");
  }
}
