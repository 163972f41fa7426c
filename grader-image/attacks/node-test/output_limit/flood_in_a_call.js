module.exports = {
  product(a, b) {
    for (;;) console.log('spam '.repeat(1000));
  },
};
