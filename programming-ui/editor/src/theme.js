// A light theme for a clean UI: monospace 14px, a calm gutter, a visible focus ring,
// and room for about sixteen lines before the editor grows.
import { EditorView } from "@codemirror/view";

const lineHeight = 1.5;

export const theme = EditorView.theme(
  {
    "&": {
      fontSize: "14px",
      backgroundColor: "#ffffff",
      color: "#1f2937",
      border: "1px solid #d1d5db",
      borderRadius: "8px",
      overflow: "hidden",
    },
    "&.cm-focused": {
      outline: "2px solid #2563eb",
      outlineOffset: "1px",
    },
    ".cm-scroller": {
      fontFamily:
        'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
      lineHeight: String(lineHeight),
      maxHeight: "70vh",
      overflow: "auto",
    },
    ".cm-content, .cm-gutter": {
      // Sixteen lines of text plus the content's vertical padding.
      minHeight: `calc(16 * ${lineHeight}em + 8px)`,
    },
    ".cm-content": {
      padding: "4px 0",
      caretColor: "#111827",
    },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#111827" },
    ".cm-gutters": {
      backgroundColor: "#f9fafb",
      color: "#9ca3af",
      borderRight: "1px solid #e5e7eb",
    },
    ".cm-activeLine": { backgroundColor: "#f3f6fb" },
    ".cm-activeLineGutter": { backgroundColor: "#eef2f7", color: "#4b5563" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
      backgroundColor: "#cfe0fc",
    },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "#dbeafe",
      outline: "1px solid #93c5fd",
    },
  },
  { dark: false },
);
