// The hidden tests' reporter (node:test's --test-reporter): one JSON line per test on the
// report pipe (tests.js's fourth argument), as each top-level test ends, so that what ran
// before a time limit is kept. A subtest is named after its parents ("group > case"); a
// test with subtests is a result of its own only when it failed by itself (a hook, or
// its own code), not because a subtest did.

import fs from 'node:fs';

const reportFd = Number(process.argv[5]);
const MESSAGE_LIMIT = 2000;

function write(line) {
  fs.writeSync(reportFd, `${JSON.stringify(line)}\n`);
}

function messageOf(error) {
  if (!error) return '';
  const cause = error.cause !== undefined && error.failureType === 'testCodeFailure' ? error.cause : error;
  let text;
  if (cause instanceof Error) {
    text = cause.message ? `${cause.name}: ${cause.message}` : String(cause.name);
  } else {
    text = `${String(cause)} was thrown`;
  }
  text = text.trim();
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT - 3)}...` : text;
}

export default async function* report(source) {
  // levels[n]: the results gathered at nesting n since the last test at nesting n - 1.
  const levels = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, details = {} } = event.data;
    const children = levels[nesting + 1] || [];
    levels.length = nesting + 1;
    const mine = levels[nesting] || (levels[nesting] = []);
    const passed = event.type === 'test:pass';
    const own = {
      name: String(name),
      passed,
      message: passed ? (details.skip !== undefined ? 'skipped' : '') : messageOf(details.error),
      duration_ms: Math.round(Number(details.duration_ms) || 0),
    };
    if (children.length === 0) {
      mine.push(own);
    } else {
      for (const child of children) mine.push({ ...child, name: `${own.name} > ${child.name}` });
      const failedItself = !passed && !(details.error && details.error.failureType === 'subtestsFailed');
      if (failedItself) mine.push(own);
    }
    if (nesting === 0) {
      for (const result of mine) write({ kind: 'test', ...result });
      mine.length = 0;
    }
  }
  write({ kind: 'done' });
}
