class Counter {
  constructor() {
    this.value = 0;
  }

  increment(step = 1) {
    if (!Number.isInteger(step) || step < 1) throw new RangeError("bad step");
    this.value += step;
    return this;
  }

  reset() {
    this.value = 0;
  }
}

function tally(words) {
  const counts = {};
  for (const word of words) counts[word] = (counts[word] || 0) + 1;
  return counts;
}

module.exports = { Counter, tally };
