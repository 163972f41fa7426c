const input = require("fs").readFileSync(0, "utf8");
// Split input into a and b, then print a + b.
