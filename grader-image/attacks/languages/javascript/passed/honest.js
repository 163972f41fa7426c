// Reads two numbers and prints their product: the answer the case expects.
const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
console.log(a * b);
