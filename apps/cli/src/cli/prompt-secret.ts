import { read } from 'read';

/**
 * Asks for a secret on the terminal of `input` (a TTY), showing `prompt` on `output` and nothing of
 * what is typed (the terminal is in raw mode while it is read). Ctrl+C rejects with `canceled`.
 * @example const password = await promptSecret('Password for alice: ', process.stdin, process.stderr);
 */
export async function promptSecret(prompt: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<string> {
  return String(await read({ prompt, silent: true, replace: '', terminal: true, input, output }));
}
