// Answers with a value far bigger than any plausible answer.
module.exports = { product: () => 'x'.repeat(20 * 1024 * 1024) };
