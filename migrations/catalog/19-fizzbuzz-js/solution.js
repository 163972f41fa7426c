const n = Number(require("fs").readFileSync(0, "utf8").trim());
const lines = [];
for (let i = 1; i <= n; i++) {
  lines.push(i % 15 === 0 ? "FizzBuzz" : i % 3 === 0 ? "Fizz" : i % 5 === 0 ? "Buzz" : String(i));
}
console.log(lines.join("\n"));
