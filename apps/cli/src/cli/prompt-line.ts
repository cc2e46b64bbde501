import { read } from 'read';

/**
 * Asks for one line on the terminal of `input` (a TTY), showing `prompt` on `output` and echoing what
 * is typed. Ctrl+C rejects with `canceled`.
 * @example const typed = await promptLine('Type the device id to wipe it: ', process.stdin, process.stderr);
 */
export async function promptLine(prompt: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<string> {
  return String(await read({ prompt, terminal: true, input, output }));
}
