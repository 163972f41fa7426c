const test = require("node:test");
const assert = require("node:assert");
const { Counter, tally } = require("./solution");

test("a new counter is at zero", () => {
  assert.strictEqual(new Counter().value, 0);
});

test("increment adds one, or its step, and chains", () => {
  const counter = new Counter();
  assert.strictEqual(counter.increment(), counter);
  counter.increment(5).increment();
  assert.strictEqual(counter.value, 7);
  assert.ok(counter instanceof Counter);
});

test("a step below one or not whole is refused", () => {
  const counter = new Counter();
  assert.throws(() => counter.increment(0), RangeError);
  assert.throws(() => counter.increment(1.5), RangeError);
  assert.strictEqual(counter.value, 0);
});

test("reset goes back to zero", () => {
  const counter = new Counter().increment(3);
  counter.reset();
  assert.strictEqual(counter.value, 0);
});

test("tally counts each word", () => {
  assert.deepStrictEqual(tally(["a", "b", "a"]), { a: 2, b: 1 });
  assert.deepStrictEqual(tally([]), {});
});

test("tally ignores case and punctuation", () => {
  assert.deepStrictEqual(tally(["Yes", "no", "yes!", "...", "(No)"]), { yes: 2, no: 2 });
});
