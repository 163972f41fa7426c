//! Handouts are Markdown written by the platform's admins; they are rendered to HTML on
//! the server so the browser needs no parser of its own.

use pulldown_cmark::{html, Event, Options, Parser};

/// Renders `markdown` to HTML. Raw HTML in the source is shown as text, not interpreted:
/// a handout must not be able to inject scripts into the learner's page.
pub(crate) fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The handout without a first heading that repeats the title the page already shows.
pub(crate) fn without_title<'a>(markdown: &'a str, title: &str) -> &'a str {
    let trimmed = markdown.trim_start();
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    match first.strip_prefix("# ") {
        Some(heading) if heading.trim().eq_ignore_ascii_case(title.trim()) => rest,
        _ => markdown,
    }
}

#[cfg(test)]
mod tests {
    use super::{render, without_title};

    #[test]
    fn a_first_heading_equal_to_the_title_is_dropped_and_others_kept() {
        assert_eq!(
            without_title("# Hello\n\nWrite it.\n", "Hello"),
            "\nWrite it.\n"
        );
        assert_eq!(without_title("# Intro\nText", "Hello"), "# Intro\nText");
        assert_eq!(without_title("Text only", "Hello"), "Text only");
    }

    #[test]
    fn renders_headings_code_and_emphasis() {
        let html =
            render("# Hello\n\nWrite `hello()` that *returns*:\n\n```python\nreturn 1\n```\n");
        assert!(html.contains("<h1>Hello</h1>"), "{html}");
        assert!(html.contains("<code>hello()</code>"), "{html}");
        assert!(html.contains("<em>returns</em>"), "{html}");
        assert!(
            html.contains("<pre><code class=\"language-python\">return 1\n</code></pre>"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_escaped_not_executed() {
        let html = render("Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }
}
