const hoard = [];
for (;;) hoard.push(new Array(1 << 20).fill(Math.random()));
