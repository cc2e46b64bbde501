import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.join(__dirname, '..', '..', 'bin', 'fieldsync.js');

/** Quotes `text` for the shell that `script -c` runs. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the real `fieldsync` in `cwd` on a pseudo-terminal (util-linux `script`), types `typed` once
 * `prompt` shows, and answers the exit code and everything the terminal showed.
 */
export function runOnTerminal(cwd: string, args: readonly string[], prompt: RegExp, typed: string): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const command = [process.execPath, bin, ...args].map(quote).join(' ');
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, SHELL: '/bin/sh' },
    });
    let screen = '';
    let answered = false;
    const watch = (chunk: string) => {
      screen += chunk;
      if (!answered && prompt.test(screen)) {
        answered = true;
        child.stdin.write(typed);
      }
    };
    child.stdout.setEncoding('utf8').on('data', watch);
    child.stderr.setEncoding('utf8').on('data', watch);
    child.on('exit', (code) => resolve({ code, screen }));
  });
}
