module.exports = {
  product() {
    process.exit(3);
  },
};
