const n = Number(require("fs").readFileSync(0, "utf8").trim());
// Print the lines from 1 to n.
