const words = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
let best = "";
for (const word of words) {
  if (word.length >= best.length) best = word;
}
console.log(`${best} ${best.length}`);
