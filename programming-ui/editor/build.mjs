// Bundles src/editor.js into dist/editor.js: one minified IIFE script that the learner
// UI loads with <script src="/editor.js"> before its wasm module, so that
// window.cpEditor exists by the time hydration mounts the editor.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const outfile = "dist/editor.js";
const result = await build({
  entryPoints: ["src/editor.js"],
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

// The size shipped to every learner is worth seeing on every build.
const bytes = readFileSync(outfile);
const kib = (n) => (n / 1024).toFixed(1);
console.log(
  `${outfile}: ${kib(bytes.length)} KiB raw, ${kib(gzipSync(bytes).length)} KiB gzipped ` +
    `(${Object.keys(result.metafile.inputs).length} input modules)`,
);
