const n = Number(require("fs").readFileSync(0, "utf8").trim());
for (let i = 1; i <= n; i++) {
  console.log(i % 3 === 0 ? "Fizz" : i % 5 === 0 ? "Buzz" : i % 15 === 0 ? "FizzBuzz" : String(i));
}
