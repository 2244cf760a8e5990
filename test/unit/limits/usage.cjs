// Runs a Node script in this process and prints, on exit, its peak resident set size (the
// kernel's high-water mark) and the CPU time it used: bounds that hold on a loaded machine,
// where wall time does not.
const script = process.argv[2];
process.argv.splice(1, 1);
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`__USAGE=${u.maxRSS},${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
});
require(require('node:path').resolve(script));
