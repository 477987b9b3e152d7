// `npm run test:stress`: the tests that drive processes, clocks and emulators (workflow, e2e,
// integration), with two CPU-bound processes running beside them, as on a loaded CI machine.
// A test that only passes on an idle machine fails here.
import { spawn } from 'node:child_process';

const BURNERS = 2;
const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => burners.forEach((burner) => burner.kill('SIGKILL'));
process.on('exit', stopBurners);

const tests = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/workflow', 'test/e2e', 'test/integration', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CREDIT_CONTROL_STRESS: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => tests.kill(signal));
tests.on('exit', (code, signal) => {
  stopBurners();
  process.exit(code ?? (signal ? 1 : 0));
});
