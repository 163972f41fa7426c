// The code editor of the learner UI (and of the teacher's pages): CodeMirror 6 with
// Python, C++ and JavaScript support, exposed to the Leptos app as
// window.cpEditor.mount(element, { doc, onSubmit, onChange, label, language }).
//
// Keyboard: Tab indents (indentWithTab), so a keyboard user leaves the editor with
// Escape then Tab (CodeMirror's built-in escape hatch), or toggles Tab focus mode
// with Ctrl-M (Shift-Alt-M on macOS). Ctrl/Cmd+Enter submits.
import { Compartment, EditorState } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { cpp } from "@codemirror/lang-cpp";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { theme } from "./theme.js";

// Each language's highlighting and its conventional indentation (PEP 8's four spaces;
// two in JavaScript). An unknown name gets Python's: the platform's first language.
const LANGUAGES = {
  python: { support: python, indent: 4 },
  cpp: { support: cpp, indent: 4 },
  javascript: { support: javascript, indent: 2 },
};

function known(language) {
  return Object.hasOwn(LANGUAGES, language) ? language : "python";
}

function languageExtensions(language) {
  const { support, indent } = LANGUAGES[known(language)];
  return [support(), indentUnit.of(" ".repeat(indent)), EditorState.tabSize.of(indent)];
}

// Autocompletion is left out on purpose: its popup takes over Enter, which surprises
// beginners typing a line break, and it would double the bundle.
function extensions(onSubmit, onChange, label, languageSlot, language) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    languageSlot.of(languageExtensions(language)),
    keymap.of([
      // Listed first so that it wins over any default binding of Mod-Enter.
      { key: "Mod-Enter", run: () => (onSubmit(), true), preventDefault: true },
      indentWithTab,
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...historyKeymap,
    ]),
    EditorView.contentAttributes.of({ "aria-label": label }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
    theme,
  ];
}

/**
 * Replaces the server-rendered content of `element` (the <textarea> fallback, which is
 * hidden rather than removed because the hydrated app owns that node) with a CodeMirror
 * editor, and returns a handle to it.
 */
function mount(element, options = {}) {
  const onSubmit = typeof options.onSubmit === "function" ? options.onSubmit : () => {};
  const userOnChange = typeof options.onChange === "function" ? options.onChange : () => {};
  const hidden = [];
  let textarea = null;
  for (const child of Array.from(element.children)) {
    if (child.tagName === "TEXTAREA" && !textarea) textarea = child;
    hidden.push([child, child.hidden, child.style.display]);
    child.hidden = true;
    child.style.display = "none";
  }
  const doc = typeof options.doc === "string" ? options.doc : textarea ? textarea.value : "";
  // What screen readers call the editor; a page with several names each one.
  const label = typeof options.label === "string" && options.label ? options.label : "Code editor";
  const language = known(options.language);
  // Highlighting and indentation, swapped when the page's language changes (a teacher
  // picking another language for the assignment).
  const languageSlot = new Compartment();
  // The fallback textarea keeps the current code so a plain form post still sends it.
  const onChange = (value) => {
    if (textarea) textarea.value = value;
    userOnChange(value);
  };
  const view = new EditorView({
    state: EditorState.create({
      doc,
      extensions: extensions(onSubmit, onChange, label, languageSlot, language),
    }),
    parent: element,
  });
  const handle = {
    language,
    setLanguage(name) {
      handle.language = known(name);
      view.dispatch({ effects: languageSlot.reconfigure(languageExtensions(handle.language)) });
    },
    getValue: () => view.state.doc.toString(),
    setValue(value) {
      const text = String(value ?? "");
      // Skipping equal text keeps the cursor and avoids change loops with the app.
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      for (const [child, wasHidden, display] of hidden) {
        child.hidden = wasHidden;
        child.style.display = display;
      }
      if (element.cpEditor === handle) delete element.cpEditor;
    },
  };
  // Kept on the element too, so scripts and browser tests can reach the editor of a
  // given container without a handle from the app.
  element.cpEditor = handle;
  return handle;
}

window.cpEditor = { mount };
