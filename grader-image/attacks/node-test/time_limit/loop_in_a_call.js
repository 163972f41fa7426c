module.exports = {
  product(a, b) {
    for (;;) {
      a += b;
    }
  },
};
