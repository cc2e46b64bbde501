import { createInterface } from 'node:readline';

/**
 * Reads the first line of `input` without its line end (`\n` or `\r\n`), then stops reading;
 * answers `undefined` when the input ends before any line.
 * @example const password = await readFirstLine(process.stdin);
 */
export async function readFirstLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}
