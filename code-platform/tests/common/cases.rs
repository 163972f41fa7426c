//! Submissions whose verdict is known, for the load of the chaos and the stack tests.

/// What one submission should get: `(catalog position, code, expected status)`.
pub(crate) const CASES: [(i64, &str, &str); 6] = [
    (1, "def hello():\n    return \"Hello\"\n", "passed"),
    (1, "def hello():\n    return \"hello\"\n", "failed"),
    (2, "def hello():\n    return \"Hello world!\"\n", "passed"),
    (2, "def hello():\n    return \"Hello world\"\n", "failed"),
    (3, "def sum(a, b):\n    return a + b\n", "passed"),
    (3, "def sum(a, b):\n    return a - b\n", "failed"),
];
