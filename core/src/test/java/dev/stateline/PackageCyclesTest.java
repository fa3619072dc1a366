/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package of core depends on itself through others. Reads core's sources and collects, per
 * file, every Stateline type it names in code (imports and qualified names; comments and strings
 * do not count). Each package below {@code dev.stateline} is one node; the classes of
 * {@code dev.stateline} itself, where the client meets the values that configure it, are one node
 * each, so that the facade package does not hide a cycle: {@code chat -> Target -> spi -> chat} is
 * caught. Cycles among the classes of {@code dev.stateline} alone are ordinary ones inside a package.
 *
 * <p>One cycle is allowed, by design of the provider SPI that providers compile against: a
 * {@code Target} holds its {@code ChatModel}, and a {@code ModelCall} names the {@code Target} it
 * runs on.
 */
class PackageCyclesTest {
  private static final Set<String> ALLOWED = Set.of("Target", "spi");
  private static final Pattern STATELINE_NAME = Pattern.compile("dev\\.stateline\\.([A-Za-z_]\\w*)");

  @Test
  void core_has_no_package_cycle() throws IOException {
    Map<String, Set<String>> graph = dependencies(Path.of("src/main/java/dev/stateline"));
    assertThat(graph).as("core's sources were read").containsKeys("chat", "placement", "policy", "spi", "error",
        "StatelineClient");

    List<Set<String>> cycles = new ArrayList<>();
    for (Set<String> component : stronglyConnected(graph)) {
      boolean onlyRootClasses = component.stream().allMatch(n -> Character.isUpperCase(n.charAt(0)));
      if (component.size() > 1 && !onlyRootClasses && !component.equals(ALLOWED)) {
        cycles.add(component);
      }
    }
    StringBuilder why = new StringBuilder();
    for (Set<String> c : cycles) {
      why.append("\n  ").append(c).append(":");
      for (String n : c) {
        Set<String> out = new TreeSet<>(graph.getOrDefault(n, Set.of()));
        out.retainAll(c);
        why.append("\n    ").append(n).append(" -> ").append(out);
      }
    }
    assertThat(cycles).as("package cycles in core (each node with its edges inside the cycle):%s", why).isEmpty();
  }

  /** Node to the nodes it uses: sub-packages by name ("chat"), classes of dev.stateline by simple name. */
  static Map<String, Set<String>> dependencies(Path base) throws IOException {
    Map<Path, String> sources = new HashMap<>();
    try (Stream<Path> files = Files.walk(base)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
        try {
          sources.put(p, code(Files.readString(p)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    Set<String> rootClasses = new TreeSet<>();
    for (Path p : sources.keySet()) {
      if (p.getParent().equals(base)) {
        rootClasses.add(simpleName(p));
      }
    }
    Map<String, Set<String>> graph = new TreeMap<>();
    sources.forEach((file, code) -> {
      boolean inRoot = file.getParent().equals(base);
      String node = inRoot ? simpleName(file) : base.relativize(file.getParent()).toString().replace('/', '.');
      Set<String> uses = graph.computeIfAbsent(node, k -> new TreeSet<>());
      Matcher m = STATELINE_NAME.matcher(code);
      while (m.find()) {
        uses.add(m.group(1));
      }
      if (inRoot) {
        String body = code.replaceAll("(?m)^(package|import) .*$", "");
        for (String c : rootClasses) {
          if (Pattern.compile("(?<![\\w.])" + c + "(?!\\w)").matcher(body).find()) {
            uses.add(c);
          }
        }
      }
      uses.remove(node);
    });
    return graph;
  }

  private static String simpleName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".java".length());
  }

  /** The source without comments and string literals. */
  private static String code(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
  }

  /** Tarjan's strongly connected components. */
  private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    Set<String> nodes = new TreeSet<>(graph.keySet());
    graph.values().forEach(nodes::addAll);
    for (String n : nodes) {
      if (!index.containsKey(n)) {
        visit(n, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        visit(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      out.add(component);
    }
  }
}
