//! The README's integration snippets are the code of the applications under
//! `tests/consumers/`, which depend on `secure-http` as a user does, with only the features
//! the README names, and which `.ci/run` builds and runs. Some of those snippets cannot be
//! doctests here (actix-web is not a dependency of this package), so this test keeps them
//! from drifting apart from the code that proves them. The template engines' snippets
//! (`rust,ignore`: no engine is a dependency of this package) are held by the tests of the
//! `secure-http-templates` package (`templates/tests/`). Every `rust,ignore` block is held
//! by one or the other, except the Leptos and loco ones, which the README says are not
//! compiled in CI (each names its versions).

use std::path::Path;

/// The lines of a snippet or a source file as compared: trimmed, without blank lines, and
/// without the `# ` lines rustdoc hides.
fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "#" && !line.starts_with("# "))
        .collect()
}

/// Snippets not compiled in CI, each marked by a path only it names: too heavy to build
/// here (Leptos with its SSR, a loco application). The README says so beside them.
const NOT_COMPILED: [&str; 2] = ["leptos_axum::", "loco_rs::"];

/// Each ```rust block of the README that uses an integration, and each ```rust,ignore
/// block, with the line it starts on.
fn integration_snippets(readme: &str) -> Vec<(usize, String)> {
    let mut snippets = Vec::new();
    let mut current: Option<(usize, String, bool)> = None;
    for (number, line) in readme.lines().enumerate() {
        match &mut current {
            None if line.starts_with("```rust") => {
                let ignored = line.trim() == "```rust,ignore";
                current = Some((number + 1, String::new(), ignored));
            }
            None => {}
            Some(_) if line.starts_with("```") => {
                let (start, body, ignored) = current.take().expect("inside a block");
                if ignored || body.contains("integrations::") {
                    snippets.push((start, body));
                }
            }
            Some((_, body, _)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    snippets
}

/// The lines rustdoc hides, without their `# `.
fn hidden_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("# "))
        .map(str::trim)
        .collect()
}

/// The template engines' tests, which hold the README's template snippets.
fn template_tests(root: &Path) -> Vec<(String, String)> {
    let folder = root.join("templates/tests");
    let mut tests: Vec<(String, String)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .map(|path| {
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), source)
        })
        .collect();
    assert!(tests.len() >= 4, "the template tests were not found");
    tests.sort();
    tests
}

fn contains(haystack: &[&str], needle: &[&str]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

#[test]
fn every_integration_snippet_is_in_a_consumer_application() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let holders: Vec<(String, String)> = [
        "axum-app",
        "actix-app",
        "hyper-app",
        "poem-app",
        "rocket-app",
        "renamed-app",
        "salvo-app",
    ]
    .iter()
    .map(|app| {
        let path = root.join("tests/consumers").join(app).join("src/main.rs");
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        (app.to_string(), source)
    })
    .chain(template_tests(root))
    .collect();
    let mut snippets = integration_snippets(&readme);
    assert!(
        snippets.len() >= 12,
        "the README's integration snippets were not found: {}",
        snippets.len()
    );
    // Each of the snippets not compiled in CI is there once, and only those are exempted.
    for marker in NOT_COMPILED {
        let exempted = snippets
            .iter()
            .filter(|(_, body)| body.contains(marker))
            .count();
        assert_eq!(exempted, 1, "README snippets naming `{marker}`: {exempted}");
    }
    snippets.retain(|(_, body)| !NOT_COMPILED.iter().any(|marker| body.contains(marker)));
    let mut missing = Vec::new();
    for (start, snippet) in &snippets {
        let wanted = lines(snippet);
        // The lines rustdoc hides stand for the code around the snippet, which a program
        // writes out: they may appear in the program between the visible lines.
        let hidden = hidden_lines(snippet);
        let found = holders.iter().any(|(_, source)| {
            let mut program = lines(source);
            program.retain(|line| !hidden.contains(line));
            contains(&program, &wanted)
        });
        if !found {
            missing.push(format!("README.md line {start}:\n{snippet}"));
        }
    }
    assert!(
        missing.is_empty(),
        "README snippets that no application under tests/consumers/ nor test under templates/tests/ holds word for word:\n\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_comparison_ignores_indentation_and_hidden_lines_only() {
    let source = "fn f() {\n    let a = 1;\n\n    let b = a + 1;\n}\n";
    assert!(contains(
        &lines(source),
        &lines("let a = 1;\n# let hidden = 0;\nlet b = a + 1;\n")
    ));
    assert!(!contains(
        &lines(source),
        &lines("let a = 1;\nlet b = a + 2;\n")
    ));
    assert!(!contains(
        &lines(source),
        &lines("let b = a + 1;\nlet a = 1;\n")
    ));
    assert_eq!(
        hidden_lines("# fn run() {\nlet a = 1;\n  # }\n"),
        ["fn run() {", "}"]
    );
}
