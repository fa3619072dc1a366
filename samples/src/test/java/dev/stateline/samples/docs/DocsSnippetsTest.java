/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the code in the documentation from rotting. Every page is found on its own (README.md and
 * every {@code *.md} under docs/), so a new page cannot escape. On each page:
 *
 * <ul>
 *   <li>every {@code ```java} block must appear, line by line (indentation and blank lines aside),
 *       in a source file of the samples, testing or emulators module or of an integration module, where it is compiled and, in the
 *       *DocsExamplesTest classes, mostly run;
 *   <li>a fenced block without a language must not look like Java (a line ending in {@code ;}):
 *       code that cannot compile is fenced as {@code text}, {@code properties}, {@code xml}..., so
 *       nothing escapes the first check silently;
 *   <li>every relative link points at a file that exists and, for a {@code #fragment} into a
 *       Markdown page, at one of that page's headings.
 * </ul>
 */
class DocsSnippetsTest {
  private static final Pattern FENCE = Pattern.compile("(?m)^```([A-Za-z]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");
  private static final Pattern JAVA_STATEMENT = Pattern.compile("(?m);\\s*(//.*)?$");

  private static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("samples")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the project root, above " + System.getProperty("user.dir")).isNotNull();
    return dir;
  }

  /** README.md and every Markdown page under docs/, as paths relative to the project root. */
  static List<String> pages() throws IOException {
    Path root = root();
    List<String> pages = new ArrayList<>();
    pages.add("README.md");
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .forEach(pages::add);
    }
    return pages;
  }

  /** Lines without their indentation, blank lines dropped, framed by line ends. */
  private static String normalize(String text) {
    StringBuilder sb = new StringBuilder("\n");
    for (String line : text.split("\n")) {
      String s = line.strip();
      if (!s.isEmpty()) {
        sb.append(s).append('\n');
      }
    }
    return sb.toString();
  }

  private static List<String> sources;

  private static synchronized List<String> sources(Path root) {
    if (sources != null) {
      return sources;
    }
    List<String> out = new ArrayList<>();
    for (String module : List.of("samples", "testing", "emulators", "micrometer", "spring-boot-autoconfigure",
        "langchain4j")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src"))) {
        files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
          try {
            out.add(normalize(Files.readString(p)));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    sources = out;
    return out;
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
  private static String anchor(String heading) {
    String plain = heading.replaceAll("`", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
    return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  @Test
  void thePagesAreFound_includingEveryPageWithJava() throws IOException {
    assertThat(pages()).contains("README.md", "docs/getting-started.md", "docs/placement.md", "docs/sessions.md",
        "docs/telemetry.md", "docs/governance.md", "docs/testing.md", "docs/operations.md", "docs/migration.md",
        "docs/architecture.md", "docs/reliability.md", "docs/performance.md",
        "docs/providers/openai.md", "docs/providers/azure.md", "docs/providers/aws.md", "docs/agents.md");
  }

  @ParameterizedTest
  @MethodSource("pages")
  void everyJavaBlockIsCompiledSource_noBareBlockIsJava_andEveryLinkResolves(String page) throws IOException {
    Path root = root();
    Path file = root.resolve(page);
    String text = Files.readString(file);
    List<String> sources = sources(root);

    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      String language = m.group(1);
      String block = m.group(2);
      if (language.equals("java")) {
        String wanted = normalize(block);
        assertThat(sources.stream().anyMatch(s -> s.contains(wanted)))
            .as("this java block of %s is not in any source under samples, testing, emulators or an integration module:%n%s", page, block)
            .isTrue();
      } else if (language.isEmpty()) {
        assertThat(JAVA_STATEMENT.matcher(block).find())
            .as("this block of %s has no language but looks like Java: fence it as java (and compile it"
                + " in samples) or as text:%n%s", page, block)
            .isFalse();
      }
    }

    Matcher links = LINK.matcher(text);
    while (links.find()) {
      String link = links.group(1);
      if (link.contains("://") || link.startsWith("mailto:")) {
        continue;
      }
      int hash = link.indexOf('#');
      String path = hash < 0 ? link : link.substring(0, hash);
      String fragment = hash < 0 ? null : link.substring(hash + 1);
      Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
      assertThat(target).as("link %s in %s", link, page).exists();
      if (fragment != null && target.toString().endsWith(".md")) {
        List<String> anchors = HEADING.matcher(Files.readString(target)).results()
            .map(r -> anchor(r.group(1))).collect(Collectors.toList());
        assertThat(anchors).as("link %s in %s: a heading of %s", link, page, target.getFileName()).contains(fragment);
      }
    }
  }
}
