import type { BridgeUserErrorEntry } from '../errors/bridge-user-error';
import { json } from './json-reader';

/** Checks a mutation payload's `userErrors` list. */
export function decodeUserErrors(value: unknown, where: string): BridgeUserErrorEntry[] {
  return json.array(value, where).map((item, index) => {
    const at = `${where}[${index}]`;
    const entry = json.object(item, at);
    const field = json.optionalString(entry.field, `${at}.field`);
    const message = json.string(entry.message, `${at}.message`);
    const code = json.string(entry.code, `${at}.code`);
    return field === undefined ? { message, code } : { field, message, code };
  });
}
