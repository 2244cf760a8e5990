// The physical floor the check is compared against: list the corpus, read every file
// once with readFileSync, and find each frontmatter's end (DESIGN.md, performance notes).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
let files = 0;
let bytes = 0;
let frontmatters = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile()) {
      const text = readFileSync(p, 'utf8');
      files++;
      bytes += text.length;
      if (text.startsWith('---') && text.indexOf('\n---', 3) > 0) frontmatters++;
    }
  }
}
walk(root);
process.stdout.write(JSON.stringify({ files, bytes, frontmatters }) + '\n');
