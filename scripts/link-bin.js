// npm links the bins of dependencies into node_modules/.bin, never the project's own: link creditctl
// there too, so tools that look for node_modules/.bin/creditctl (as `npx creditctl` finds it) see it.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';

mkdirSync('node_modules/.bin', { recursive: true });
rmSync('node_modules/.bin/creditctl', { force: true });
symlinkSync('../../bin/creditctl.js', 'node_modules/.bin/creditctl');
