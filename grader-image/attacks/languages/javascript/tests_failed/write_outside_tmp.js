// Prints the answer only if it could write outside /tmp.
const fs = require("fs");
for (const path of ["/opt/runner/planted", "/etc/planted", "/usr/bin/planted", "/planted",
                    "/proc/1/root/planted", "/dev/shm/planted"]) {
  try {
    fs.writeFileSync(path, "x");
    console.log("42");
    process.exit(0);
  } catch {}
}
console.log("read-only");
