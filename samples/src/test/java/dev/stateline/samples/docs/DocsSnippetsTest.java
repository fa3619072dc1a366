package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the code in docs/testing.md, docs/operations.md and docs/migration.md from rotting: every
 * {@code ```java} block must appear, line by line (indentation aside), in a source file of the
 * samples or testing module, where it is compiled and, in the *DocsExamplesTest classes, run.
 * Every relative link to a file must point at one that exists.
 */
class DocsSnippetsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern LINK = Pattern.compile("\\]\\((\\.\\./[^)#\\s]+)(#[^)]*)?\\)");

  private static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("samples")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the project root, above " + System.getProperty("user.dir")).isNotNull();
    return dir;
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

  private static List<String> sources(Path root) {
    List<String> out = new ArrayList<>();
    for (String module : List.of("samples", "testing")) {
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
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"testing.md", "operations.md", "migration.md"})
  void everyJavaBlockIsCompiledSource_andEveryLinkResolves(String doc) throws IOException {
    Path root = root();
    Path file = root.resolve("docs").resolve(doc);
    String text = Files.readString(file);
    List<String> sources = sources(root);

    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as(doc + " has java blocks").isNotEmpty();
    for (String block : blocks) {
      String wanted = normalize(block);
      assertThat(sources.stream().anyMatch(s -> s.contains(wanted)))
          .as("this block of %s is not in any source under samples/src or testing/src:%n%s", doc, block)
          .isTrue();
    }

    Matcher links = LINK.matcher(text);
    while (links.find()) {
      Path target = file.getParent().resolve(links.group(1)).normalize();
      assertThat(target).as("link in " + doc).exists();
    }
  }
}
