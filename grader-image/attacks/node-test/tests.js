// The hidden tests every attack in this folder is graded with (node:test, CommonJS).
const test = require('node:test');
const assert = require('node:assert');
const { product } = require('./solution');

test('product', () => {
  assert.strictEqual(product(6, 7), 42);
});

test('product of negatives', () => {
  assert.strictEqual(product(-3, -5), 15);
});
