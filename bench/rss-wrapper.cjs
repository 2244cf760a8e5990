// Runs a Node script in this process and prints its peak resident set size to stderr on exit
// (process.resourceUsage().maxRSS is the kernel's high-water mark for the process).
const script = process.argv[2];
process.argv.splice(1, 1);
process.on('exit', () => {
  process.stderr.write(`__RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
require(require('node:path').resolve(script));
