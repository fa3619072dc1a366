/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM names exactly the artifacts a release publishes: every module of the reactor that builds a
 * jar and does not skip deploy. A new module that is meant to be published fails this test until
 * {@code bom/pom.xml} lists it; one meant to stay private must say so with
 * {@code maven.deploy.skip} (and {@code maven.install.skip}, so {@code mvn install} shows what a
 * release would publish).
 */
class BomTest {

  @Test
  void theBomListsEveryPublishedModuleAndNothingElse() throws Exception {
    Path root = root();
    TreeSet<String> published = new TreeSet<>();
    for (String module : children(read(root.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
      Element pom = read(root.resolve(module).resolve("pom.xml")).getDocumentElement();
      String packaging = text(pom, "packaging");
      boolean deploySkipped = "true".equals(property(pom, "maven.deploy.skip"));
      boolean installSkipped = "true".equals(property(pom, "maven.install.skip"));
      assertThat(deploySkipped).as(module + ": a module that is not deployed must not be installed either")
          .isEqualTo(installSkipped);
      if ((packaging == null || packaging.equals("jar")) && !deploySkipped) {
        published.add(text(pom, "artifactId"));
      }
    }

    Element bom = read(root.resolve("bom/pom.xml")).getDocumentElement();
    TreeSet<String> listed = new TreeSet<>();
    Element management = child(bom, "dependencyManagement");
    for (Element dependency : elements(child(management, "dependencies"), "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("dev.stateline");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      listed.add(text(dependency, "artifactId"));
    }

    assertThat(published).contains("stateline-core", "stateline-openai", "stateline-azure", "stateline-aws",
        "stateline-governance", "stateline-governance-dynamodb", "stateline-opentelemetry", "stateline-emulators",
        "stateline-testing", "stateline-micrometer", "stateline-spring-boot-autoconfigure",
        "stateline-spring-boot-starter", "stateline-langchain4j");
    assertThat(published).as("internal test helpers are not published").doesNotContain("stateline-fuzz-support");
    assertThat(published).as("the sample application is not published").doesNotContain("stateline-samples-spring-boot");
    assertThat(listed).as("artifacts in bom/pom.xml").isEqualTo(published);
    assertThat(text(bom, "parent")).as("the BOM has no parent, so importing it brings no third-party versions")
        .isNull();
    assertThat(text(bom, "version")).isEqualTo(text(read(root.resolve("pom.xml")).getDocumentElement(), "version"));
  }

  private static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("bom/pom.xml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the project root").isNotNull();
    return dir;
  }

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile());
  }

  private static String property(Element project, String name) {
    Element properties = child(project, "properties");
    return properties == null ? null : text(properties, name);
  }

  private static List<String> children(Element parent, String list, String item) {
    List<String> out = new ArrayList<>();
    for (Element e : elements(child(parent, list), item)) {
      out.add(e.getTextContent().trim());
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = elements(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }

  /** The direct children of {@code parent} named {@code name}. */
  private static List<Element> elements(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }
}
