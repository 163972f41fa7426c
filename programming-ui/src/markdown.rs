//! Handouts are Markdown written by the platform's admins. The same function renders them
//! on the server (the learner's page) and in the browser (the teacher's live preview), so
//! what a teacher previews is what learners get.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag};

/// Renders `markdown` to HTML. Raw HTML in the source is shown as text, not interpreted,
/// and a link or image whose address could run code (`javascript:`, `data:`, ...) points
/// nowhere: a handout must not be able to inject scripts into the learner's page.
pub(crate) fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_destination(link_type, dest_url, "#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_destination(link_type, dest_url, ""),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// `url` when it is safe to follow, else `neutral`. An e-mail autolink (`<a@b.org>`) is
/// written with `mailto:` by the renderer itself, so its address is always safe.
fn safe_destination<'a>(link_type: LinkType, url: CowStr<'a>, neutral: &'a str) -> CowStr<'a> {
    if link_type == LinkType::Email || is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed(neutral)
    }
}

/// Whether a link to `url` stays harmless: `http:`, `https:`, `mailto:`, or no scheme at
/// all (relative paths, `//host/...`, `?query`, `#fragment`). Read the way browsers read
/// an `href`: surrounding spaces and control characters and every tab and line break
/// inside do not count, and scheme names ignore case, so `" Java\tScript:x"` is a
/// `javascript:` URL. Anything with a colon before its first `/`, `?` or `#` has a scheme.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].split_once(':') {
        None => true,
        Some((scheme, _)) => ["http", "https", "mailto"]
            .iter()
            .any(|safe| scheme.eq_ignore_ascii_case(safe)),
    }
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
    use super::{is_safe_url, render, without_title};

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

    #[test]
    fn links_and_images_that_could_run_code_point_nowhere() {
        let sources = [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](&#106;avascript:alert(1))",
            "[x](%20javascript:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        ];
        for source in sources {
            let html = render(source);
            let lower = html.to_ascii_lowercase();
            for bad in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !lower.contains(&format!("href=\"{bad}"))
                        && !lower.contains(&format!("src=\"{bad}")),
                    "{source} -> {html}"
                );
            }
            assert!(
                html.contains("href=\"#\"") || html.contains("src=\"\""),
                "{source} -> {html}"
            );
        }
    }

    #[test]
    fn ordinary_links_and_images_are_kept() {
        for (source, expected) in [
            (
                "[docs](https://docs.python.org/3/)",
                "href=\"https://docs.python.org/3/\"",
            ),
            ("[site](http://example.org)", "href=\"http://example.org\""),
            (
                "[mail](mailto:t@example.org)",
                "href=\"mailto:t@example.org\"",
            ),
            ("<t@example.org>", "href=\"mailto:t@example.org\""),
            ("[next](/assignments/2)", "href=\"/assignments/2\""),
            ("[here](#part-2)", "href=\"#part-2\""),
            ("[rel](notes.html?a=b:c)", "href=\"notes.html?a=b:c\""),
            ("![diagram](img/flow.png)", "src=\"img/flow.png\""),
            (
                "![logo](https://example.org/a.png)",
                "src=\"https://example.org/a.png\"",
            ),
        ] {
            let html = render(source);
            assert!(html.contains(expected), "{source} -> {html}");
        }
    }

    #[test]
    fn urls_are_read_as_browsers_read_them() {
        for safe in ["", "#", "a/b:c", "?x=y:z", "//example.org/x", " HTTPS://x"] {
            assert!(is_safe_url(safe), "{safe:?}");
        }
        for unsafe_url in [
            "javascript:x",
            " \u{1}javascript:x",
            "jav\nascript:x",
            "JAVASCRIPT:x",
            "file:///etc/passwd",
            "x:y",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url:?}");
        }
    }
}
