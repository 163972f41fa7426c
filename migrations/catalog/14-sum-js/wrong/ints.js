const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map((s) => parseInt(s, 10));
console.log(a + b);
