/** Lower-cases ASCII letters only, as SQLite's LIKE folds case (non-ASCII letters keep their case). */
export function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : text;
}

/**
 * A matcher for a SQLite `LIKE` pattern without ESCAPE: `%` any run of characters, `_` exactly one
 * character (code point), every other character itself, ASCII letters case-insensitively.
 */
export function sqliteLikeMatcher(pattern: string): (text: string) => boolean {
  let source = '^';
  for (const ch of asciiLower(pattern)) {
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  const regex = new RegExp(`${source}$`, 'u');
  return (text) => regex.test(asciiLower(text));
}
