// Signals every process it can see, the trusted runner included, then fails. (Its own
// threads are left alone: a signal to any of them would end this process.)
const fs = require("fs");
const mine = new Set(fs.readdirSync("/proc/self/task").map(Number));
for (let pid = 1; pid < 4096; pid++) {
  if (mine.has(pid)) continue;
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
}
process.exit(7);
