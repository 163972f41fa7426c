// Starts as many detached processes as it may (each in a session of its own, out of the
// reach of a process-group kill) and answers wrong: the limits hold, the next run is clean.
const { spawn } = require('child_process');

let started = 0;
for (let i = 0; i < 200; i += 1) {
  try {
    const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    started += 1;
  } catch (error) {
    break;
  }
}

module.exports = { product: (a, b) => started * 0 + a + b };
