const text = require("fs").readFileSync(0, "utf8");
// Find the longest word in text.
