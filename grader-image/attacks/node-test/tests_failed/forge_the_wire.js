// Writes made-up frames on its side of the wire before the runner's own first message:
// the tests read them as the submission's first answer, which is not a program being
// ready, so nothing of this run can pass.
const fs = require('fs');

function frame(message) {
  const body = Buffer.from(JSON.stringify(message));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

const writeFd = Number(process.argv[3]);
try {
  fs.writeSync(writeFd, frame({ ready: true, exports: { t: 'o', v: [['product', { t: 'B', v: 'Math' }]], z: false } }));
  fs.writeSync(writeFd, frame({ r: 1, ok: true, v: 42 }));
  fs.writeSync(writeFd, frame({ r: 1, ok: true, v: 15 }));
} catch (error) {
  // Not a pipe here.
}

module.exports = { product: (a, b) => a * b + 1 };
