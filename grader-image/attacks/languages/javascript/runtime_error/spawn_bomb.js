// Starts processes without end; a failed start ends the program with an error.
const { spawn } = require("child_process");
function more() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], {
    detached: true,
    stdio: "ignore",
  });
  child.on("error", () => process.exit(3));
  setImmediate(more);
}
more();
