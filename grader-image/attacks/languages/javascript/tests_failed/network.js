// Prints the answer only if it reached the network; the sandbox has none.
const net = require("net");
const socket = net.connect({ host: "1.1.1.1", port: 53, timeout: 1000 });
socket.on("connect", () => {
  console.log("42");
  process.exit(0);
});
const fail = () => {
  console.log("no network");
  process.exit(0);
};
socket.on("error", fail);
socket.on("timeout", fail);
