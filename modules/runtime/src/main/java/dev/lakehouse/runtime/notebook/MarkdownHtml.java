package dev.lakehouse.runtime.notebook;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A Markdown cell as HTML, made here rather than in the browser (no renderer to ship and keep patched there): raw
 * HTML in the source is escaped, shown as text, and link and image addresses other than http, https, mailto and
 * relative ones are dropped, so a notebook from elsewhere cannot run script in the console.
 */
public final class MarkdownHtml {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private MarkdownHtml() {
    }

    public static String render(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }
}
