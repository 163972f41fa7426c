function hello() {
  return "Hello";
}
