const words = require("fs").readFileSync(0, "utf8").split("\n")[0].split(" ");
let best = "";
for (const word of words) {
  if (word.length > best.length) best = word;
}
console.log(`${best} ${best.length}`);
