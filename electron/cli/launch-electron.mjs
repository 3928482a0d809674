// `npm start`: runs the built app in Electron, or says plainly why it cannot and what to run instead.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  electronBinary = require('electron');
} catch (error) {
  console.error(
    `Pird cannot start the desktop app: no Electron binary is installed here (${String(error.message ?? error).split('\n')[0]}).\n` +
      'On a connected machine, `npm install` downloads it on first run.\n' +
      'To use Pird now, run it in your browser:  npm run -s pird -- serve',
  );
  process.exit(1);
}
const child = spawn(electronBinary, [path.resolve(import.meta.dirname, '../..')], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
