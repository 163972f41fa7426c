const n = Number(require("fs").readFileSync(0, "utf8").trim());
for (let i = 0; i < n; i++) {
  console.log(i % 15 === 0 ? "FizzBuzz" : i % 3 === 0 ? "Fizz" : i % 5 === 0 ? "Buzz" : String(i));
}
