class Counter {
  #value = 0;

  get value() {
    return this.#value;
  }

  increment(step = 1) {
    if (!Number.isInteger(step) || step < 1) {
      throw new RangeError(`a step must be a whole number of at least 1, not ${step}`);
    }
    this.#value += step;
    return this;
  }

  reset() {
    this.#value = 0;
  }
}

function tally(words) {
  const counts = {};
  for (const word of words) {
    const key = word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (key) counts[key] = (counts[key] || 0) + 1;
  }
  return counts;
}

module.exports = { Counter, tally };
