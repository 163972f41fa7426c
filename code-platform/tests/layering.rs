//! Every crate's modules form layers (the UI's are listed in its `src/lib.rs`): no module
//! uses a module that uses it back, directly or through others. This reads the crate's sources, finds every
//! `crate::...` and `super::...` path (in `use` lines and in code, macros included) and
//! fails on a cycle between sibling modules at any level: between the crate's top-level
//! modules, between the files of one folder, and so on down. A child using its parent's
//! items, or a parent its children, is not a cycle between siblings and is not counted.
//!
//! A text scan rather than a parse: paths inside `view!` and other macros count too, and
//! comments and string literals are skipped. It needs no dependency beyond std.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// A path that leaves its module: where it is written and which module it names.
#[derive(Debug)]
struct Reference {
    from: Module,
    to: Vec<String>,
    line: usize,
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

/// Tokens with their line numbers, without comments, strings and character literals.
fn tokens(source: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = source.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        let mut skip_to = |mut j: usize, end: &dyn Fn(usize) -> Option<usize>| {
            while j < chars.len() {
                if let Some(after) = end(j) {
                    return after;
                }
                if chars[j] == '\n' {
                    line += 1;
                }
                j += 1;
            }
            j
        };
        if c == '/' && at(i + 1) == '/' {
            i = skip_to(i, &|j| (at(j) == '\n').then_some(j));
        } else if c == '/' && at(i + 1) == '*' {
            i = skip_to(i + 2, &|j| {
                (at(j) == '*' && at(j + 1) == '/').then_some(j + 2)
            });
        } else if c == '"' || (c == 'r' && at(i + 1 + hashes_after(&chars, i + 1)) == '"') {
            // Raw strings end at a quote followed by as many `#` as opened them.
            let raw = c == 'r';
            let hashes = if raw { hashes_after(&chars, i + 1) } else { 0 };
            let open = i + usize::from(raw) + hashes + 1;
            let end = move |j: usize| {
                let closes = at(j) == '"' && (1..=hashes).all(|k| at(j + k) == '#');
                (closes && (raw || at(j.wrapping_sub(1)) != '\\' || at(j.wrapping_sub(2)) == '\\'))
                    .then_some(j + hashes + 1)
            };
            i = skip_to(open, &end);
        } else if c == '\'' && at(i + 1) == '\\' {
            // An escaped character literal ('\n', '\'', '\u{7b}').
            i = skip_to(i + 3, &|j| (at(j) == '\'').then_some(j + 1));
        } else if c == '\'' && at(i + 2) == '\'' {
            // A character literal ('{'); a lifetime ('a) has no closing quote.
            i += 3;
        } else if c.is_alphanumeric() || c == '_' {
            let len = chars[i..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .count();
            out.push((Token::Ident(chars[i..i + len].iter().collect()), line));
            i += len;
        } else {
            let token = match c {
                ':' if at(i + 1) == ':' => Token::PathSep,
                '{' => Token::Open,
                '}' => Token::Close,
                ',' => Token::Comma,
                _ => Token::Other,
            };
            i += if token == Token::PathSep { 2 } else { 1 };
            if c == '\n' {
                line += 1;
            }
            if !c.is_whitespace() {
                out.push((token, start_line));
            }
        }
    }
    out
}

fn hashes_after(chars: &[char], from: usize) -> usize {
    chars[from.min(chars.len())..]
        .iter()
        .take_while(|&&h| h == '#')
        .count()
}

/// The paths of one use-tree starting at `tokens[i]`, each appended to `prefix`.
fn paths(tokens: &[(Token, usize)], mut i: usize, prefix: Vec<String>) -> Vec<Vec<String>> {
    let mut path = prefix;
    loop {
        match tokens.get(i) {
            Some((Token::Ident(name), _)) if name != "self" => path.push(name.clone()),
            Some((Token::Ident(_), _)) => {}
            Some((Token::Open, _)) => return group(tokens, i + 1, &path),
            _ => return vec![path],
        }
        if tokens.get(i + 1).map(|t| &t.0) != Some(&Token::PathSep) {
            return vec![path];
        }
        i += 2;
    }
}

/// The paths of a `{a::b, c, self}` group whose first item is at `tokens[i]`.
fn group(tokens: &[(Token, usize)], mut i: usize, prefix: &[String]) -> Vec<Vec<String>> {
    let mut all = vec![prefix.to_vec()];
    let mut depth = 0;
    let mut item_start = true;
    while let Some((token, _)) = tokens.get(i) {
        match token {
            Token::Open => depth += 1,
            Token::Close if depth == 0 => break,
            Token::Close => depth -= 1,
            Token::Comma if depth == 0 => item_start = true,
            _ if item_start && depth == 0 => {
                all.extend(paths(tokens, i, prefix.to_vec()));
                item_start = false;
            }
            _ => {}
        }
        i += 1;
    }
    all
}

/// Every `crate::` and `super::` path in `source`, the file of module `module`, with
/// the module (inline `mod x { .. }` included) it is written in.
fn references(module: &Module, source: &str) -> Vec<Reference> {
    let tokens = tokens(source);
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut found = Vec::new();
    for (i, (token, line)) in tokens.iter().enumerate() {
        let here: Module = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        match token {
            Token::Open => {
                depth += 1;
                if let (Some((Token::Ident(name), _)), Some((Token::Ident(kw), _))) =
                    (tokens.get(i.wrapping_sub(1)), tokens.get(i.wrapping_sub(2)))
                {
                    if kw == "mod" {
                        inline.push((name.clone(), depth));
                    }
                }
            }
            Token::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            Token::Ident(word) if word == "crate" || word == "super" => {
                let after_separator = tokens.get(i.wrapping_sub(1)).map(|t| &t.0);
                if after_separator == Some(&Token::PathSep)
                    || tokens.get(i + 1).map(|t| &t.0) != Some(&Token::PathSep)
                {
                    continue;
                }
                let mut base = if word == "crate" {
                    Vec::new()
                } else {
                    here.clone()
                };
                let mut j = i;
                if word == "super" {
                    // `super::super::x`: one level up per `super`.
                    while matches!(tokens.get(j), Some((Token::Ident(w), _)) if w == "super") {
                        base.pop();
                        j += 2;
                    }
                    j -= 2;
                }
                for to in paths(&tokens, j + 2, base) {
                    found.push(Reference {
                        from: here.clone(),
                        to,
                        line: *line,
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The edges between siblings, each with the references that make it.
fn sibling_edges(
    modules: &BTreeSet<Module>,
    references: &[(String, Reference)],
) -> BTreeMap<(Module, Module), Vec<String>> {
    let mut edges: BTreeMap<(Module, Module), Vec<String>> = BTreeMap::new();
    for (file, reference) in references {
        // The module the path names: its longest prefix that is a module.
        let Some(to) = (0..=reference.to.len())
            .rev()
            .map(|n| reference.to[..n].to_vec())
            .find(|m| modules.contains(m))
        else {
            continue;
        };
        let from = &reference.from;
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common == from.len() || common == to.len() {
            continue; // Within one module, or between a module and its own parent.
        }
        edges
            .entry((from[..=common].to_vec(), to[..=common].to_vec()))
            .or_default()
            .push(format!(
                "{file}:{}: {}",
                reference.line,
                reference.to.join("::")
            ));
    }
    edges
}

/// A cycle in the sibling graph, as the modules on it and the references that close it.
fn find_cycle(edges: &BTreeMap<(Module, Module), Vec<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &Module,
        edges: &BTreeMap<(Module, Module), Vec<String>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = stack.iter().position(|m| m == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if !done.insert(node.clone()) {
            return None;
        }
        stack.push(node.clone());
        for (_, to) in edges.keys().filter(|(from, _)| from == node) {
            if let Some(cycle) = visit(to, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for (from, _) in edges.keys() {
        if let Some(cycle) = visit(from, edges, &mut Vec::new(), &mut done) {
            return Some(
                cycle
                    .windows(2)
                    .map(|pair| {
                        let why = &edges[&(pair[0].clone(), pair[1].clone())];
                        format!(
                            "{} -> {} ({})",
                            pair[0].join("::"),
                            pair[1].join("::"),
                            why[0]
                        )
                    })
                    .collect(),
            );
        }
    }
    None
}

/// Checks the modules given as (module path, file name, source).
fn check(files: &[(Module, String, String)]) -> Result<(), Vec<String>> {
    let mut modules: BTreeSet<Module> = files.iter().map(|(m, _, _)| m.clone()).collect();
    let mut all = Vec::new();
    for (module, file, source) in files {
        for reference in references(module, source) {
            modules.insert(reference.from.clone());
            all.push((file.clone(), reference));
        }
    }
    match find_cycle(&sibling_edges(&modules, &all)) {
        Some(cycle) => Err(cycle),
        None => Ok(()),
    }
}

/// The library's files under `dir` with their module paths (`main.rs` is another crate).
fn read_modules(root: &Path, dir: &Path, out: &mut Vec<(Module, String, String)>) {
    for entry in std::fs::read_dir(dir).expect("reading src") {
        let path = entry.expect("reading src").path();
        if path.is_dir() {
            read_modules(root, &path, out);
            continue;
        }
        let relative = path.strip_prefix(root).expect("a file under src");
        let mut module: Module = relative
            .with_extension("")
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        if module
            .last()
            .is_some_and(|last| last == "mod" || last == "lib")
        {
            module.pop();
        }
        if path.extension().is_some_and(|e| e == "rs") && relative != Path::new("main.rs") {
            let source = std::fs::read_to_string(&path).expect("reading a source file");
            out.push((module, relative.display().to_string(), source));
        }
    }
}

/// The workspace's crates: every folder beside this crate's with a `src` and a `Cargo.toml`.
fn workspace_crates() -> Vec<std::path::PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate is in the workspace");
    let mut crates: Vec<_> = std::fs::read_dir(workspace)
        .expect("reading the workspace")
        .map(|entry| entry.expect("reading the workspace").path())
        .filter(|dir| dir.join("Cargo.toml").is_file() && dir.join("src").is_dir())
        .collect();
    crates.sort();
    crates
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() {
    let crates = workspace_crates();
    assert!(crates.len() >= 8, "found only {crates:?}");
    let mut cycles = Vec::new();
    for dir in crates {
        let root = dir.join("src");
        let mut files = Vec::new();
        read_modules(&root, &root, &mut files);
        assert!(!files.is_empty(), "no sources under {}", root.display());
        if let Err(cycle) = check(&files) {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            cycles.push(format!("{name}:\n  {}", cycle.join("\n  ")));
        }
    }
    assert!(
        cycles.is_empty(),
        "cycles between modules:\n{}",
        cycles.join("\n")
    );
}

#[cfg(test)]
mod the_check {
    use super::{check, Module};

    fn file(module: &str, source: &str) -> (Module, String, String) {
        let path: Module = module
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        (path, format!("{module}.rs"), source.to_string())
    }

    #[test]
    fn finds_a_cycle_through_use_lines_and_code() {
        let cycle = check(&[
            file("app", "use crate::page::AssignmentPage;"),
            file(
                "page",
                "fn f() { let x = crate::server::ApiClient::new(); }",
            ),
            file("server", "use crate::{types::X, app::{shell, App}};"),
            file("types", ""),
        ])
        .unwrap_err();
        assert_eq!(cycle.len(), 3, "{cycle:?}");
        assert!(
            cycle[0].starts_with("app -> page (app.rs:1: page::AssignmentPage)"),
            "{cycle:?}"
        );
    }

    #[test]
    fn finds_a_cycle_between_files_of_one_folder() {
        let cycle = check(&[
            file("client", ""),
            file(
                "client::actions",
                "use super::editor;\nfn f() { editor::value(); }",
            ),
            file(
                "client::editor",
                "// A comment.\n/* Two\n lines. */\nfn g() {\n    super::actions::submit(state);\n}",
            ),
        ])
        .unwrap_err();
        assert!(
            cycle
                .iter()
                .any(|c| c.contains("client::editor -> client::actions (client::editor.rs:5:")),
            "{cycle:?}"
        );
    }

    #[test]
    fn finds_a_cycle_inside_a_macro() {
        let page = r#"fn f() -> impl IntoView { view! { <p on:click=move |_| crate::app::go()>"x"</p> } }"#;
        assert!(check(&[file("app", "use crate::page::P;"), file("page", page)]).is_err());
    }

    #[test]
    fn parents_children_comments_strings_and_test_modules_are_no_cycle() {
        check(&[
            file("page", "mod editor;\nuse editor::Editor;\nuse crate::types::X;"),
            file("page::editor", "use super::notice::mark;\nuse super::Page;"),
            file("page::notice", "// uses crate::page::editor\nfn f() { let _ = \"crate::page::editor::x\"; let c = '{'; }"),
            file("types", "pub fn t<'a>(x: &'a str) {}\n#[cfg(test)]\nmod tests {\n    use super::t;\n    use crate::types::t as u;\n}\nfn after() { let _ = crate::types::t; }"),
            file("markdown", "#[cfg(test)]\nmod tests { use super::render; }"),
            // `super` in an inline module is the file's module, not its parent.
            file("client::editor", "#[cfg(test)]\nmod tests {\n    use super::actions;\n}"),
            file("client::actions", "use super::editor::value;"),
        ])
        .unwrap();
    }
}
