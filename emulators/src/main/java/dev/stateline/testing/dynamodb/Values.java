/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values in their JSON wire form, as Moshi reads them: a map with one member
 * whose name is the type ({@code {"S": "text"}}, {@code {"N": "42"}}, {@code {"B": "base64"}},
 * {@code {"BOOL": true}}, {@code {"NULL": true}}, {@code {"M": {...}}}, {@code {"L": [...]}},
 * {@code {"SS": [...]}}, {@code {"NS": [...]}}, {@code {"BS": [...]}}): validation, item sizes as
 * DynamoDB counts them, and ordering.
 */
final class Values {
  static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

  /** DynamoDB's item size limit: 400 KB. */
  static final int MAX_ITEM_BYTES = 400 * 1024;

  private Values() {}

  /** The type of a well-formed attribute value. */
  static String type(Object value) {
    if (!(value instanceof Map<?, ?> m) || m.size() != 1) {
      throw new DynamoDbEmulator.Failure("ValidationException",
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    }
    String type = String.valueOf(m.keySet().iterator().next());
    if (!TYPES.contains(type)) {
      throw new DynamoDbEmulator.Failure("ValidationException",
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    return type;
  }

  static Object payload(Object value) {
    return ((Map<?, ?>) value).values().iterator().next();
  }

  /** Checks an attribute value and everything inside it. */
  static void validate(Object value) {
    String type = type(value);
    Object p = payload(value);
    switch (type) {
      case "S" -> requireType(p instanceof String, type);
      case "N" -> {
        requireType(p instanceof String, type);
        number((String) p);
      }
      case "B" -> {
        requireType(p instanceof String, type);
        bytes((String) p);
      }
      case "BOOL" -> requireType(p instanceof Boolean, type);
      case "NULL" -> {
        if (!Boolean.TRUE.equals(p)) {
          throw new DynamoDbEmulator.Failure("ValidationException", "Null attribute value types must have the value of true");
        }
      }
      case "M" -> {
        requireType(p instanceof Map, type);
        for (Object v : ((Map<?, ?>) p).values()) {
          validate(v);
        }
      }
      case "L" -> {
        requireType(p instanceof List, type);
        for (Object v : (List<?>) p) {
          validate(v);
        }
      }
      default -> {
        requireType(p instanceof List<?> l && !l.isEmpty(), type);
        for (Object v : (List<?>) p) {
          requireType(v instanceof String, type);
        }
      }
    }
  }

  private static void requireType(boolean ok, String type) {
    if (!ok) {
      throw new DynamoDbEmulator.Failure("ValidationException", "Invalid value for attribute value type " + type);
    }
  }

  static BigDecimal number(String n) {
    try {
      return new BigDecimal(n.trim());
    } catch (NumberFormatException e) {
      throw new DynamoDbEmulator.Failure("ValidationException",
          "A value provided cannot be converted into a number");
    }
  }

  static byte[] bytes(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new DynamoDbEmulator.Failure("SerializationException", "Base64 encoded binary value is malformed");
    }
  }

  /** The size of an item as DynamoDB counts it against the 400 KB limit: names plus values. */
  static long itemSize(Map<String, Object> item) {
    long size = 0;
    for (Map.Entry<String, Object> e : item.entrySet()) {
      size += utf8(e.getKey()) + size(e.getValue());
    }
    return size;
  }

  /** The size of one value: strings and binaries by length, numbers by significant digits, documents with overhead. */
  static long size(Object value) {
    String type = type(value);
    Object p = payload(value);
    switch (type) {
      case "S":
        return utf8((String) p);
      case "N":
        return numberSize((String) p);
      case "B":
        return bytes((String) p).length;
      case "BOOL":
      case "NULL":
        return 1;
      case "M": {
        long s = 3;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) p).entrySet()) {
          s += utf8(String.valueOf(e.getKey())) + 1 + size(e.getValue());
        }
        return s;
      }
      case "L": {
        long s = 3;
        for (Object v : (List<?>) p) {
          s += 1 + size(v);
        }
        return s;
      }
      case "SS": {
        long s = 0;
        for (Object v : (List<?>) p) {
          s += utf8((String) v);
        }
        return s;
      }
      case "NS": {
        long s = 0;
        for (Object v : (List<?>) p) {
          s += numberSize((String) v);
        }
        return s;
      }
      default: {
        long s = 0;
        for (Object v : (List<?>) p) {
          s += bytes((String) v).length;
        }
        return s;
      }
    }
  }

  private static long numberSize(String n) {
    BigDecimal d = number(n).stripTrailingZeros();
    int digits = d.signum() == 0 ? 1 : d.precision();
    return (digits + 1) / 2 + 1;
  }

  static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Compares two scalar values of the same type (S by UTF-8 bytes, N numerically, B by unsigned
   * bytes).
   *
   * @return the comparison, or null if they cannot be compared (different or non-scalar types)
   */
  static Integer compare(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    String ta = type(a);
    String tb = type(b);
    if (!ta.equals(tb)) {
      return null;
    }
    Object pa = payload(a);
    Object pb = payload(b);
    switch (ta) {
      case "S":
        return compareBytes(((String) pa).getBytes(StandardCharsets.UTF_8), ((String) pb).getBytes(StandardCharsets.UTF_8));
      case "N":
        return number((String) pa).compareTo(number((String) pb));
      case "B":
        return compareBytes(bytes((String) pa), bytes((String) pb));
      default:
        return null;
    }
  }

  /** Equality as conditions see it: numbers by value, binaries by bytes, the rest structurally. */
  static boolean equal(Object a, Object b) {
    if (a == null || b == null) {
      return false;
    }
    Integer c = compare(a, b);
    if (c != null) {
      return c == 0;
    }
    return type(a).equals(type(b)) && payload(a).equals(payload(b));
  }

  static int compareBytes(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /** Orders key values of one type (S, N or B). */
  static final Comparator<Object> KEY_ORDER = (a, b) -> {
    Integer c = compare(a, b);
    if (c == null) {
      throw new IllegalStateException("key values of different types");
    }
    return c;
  };
}
