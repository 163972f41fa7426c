class Counter {
  constructor() {
    this.value = 0;
  }

  increment(step = 1) {
    this.value += step;
    return this;
  }

  reset() {
    this.value = 0;
  }
}

function tally(words) {
  const counts = {};
  for (const word of words) {
    const key = word.toLowerCase().replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
    if (key) counts[key] = (counts[key] || 0) + 1;
  }
  return counts;
}

module.exports = { Counter, tally };
