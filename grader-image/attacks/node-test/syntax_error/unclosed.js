function product(a, b) {
  return a * b;

module.exports = { product };
