class Counter {
  // A new counter starts at 0.
}

function tally(words) {
  // Count each word, in lower case and without surrounding punctuation.
}

module.exports = { Counter, tally };
