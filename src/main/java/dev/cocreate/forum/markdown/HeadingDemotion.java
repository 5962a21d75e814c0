package dev.cocreate.forum.markdown;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;

/** Moves every heading down a fixed number of levels, clamped at {@code h6}. */
final class HeadingDemotion extends AbstractVisitor {

  private final int shift;

  private HeadingDemotion(int shift) {
    this.shift = shift;
  }

  static void shift(Node document, int levels) {
    document.accept(new HeadingDemotion(levels));
  }

  @Override
  public void visit(Heading heading) {
    heading.setLevel(Math.min(6, heading.getLevel() + shift));
  }
}
