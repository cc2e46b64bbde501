import { ContractViolationError } from '@fieldsync/connector-api';

/** A JSON object of an answer. */
export type JsonObject = Record<string, unknown>;

/**
 * Reads the JSON of a bridge answer, checking each value against the shape the SDL promises; every
 * breach throws `ContractViolationError` naming where (`readPage.records[3].id`).
 */
export const json = {
  object(value: unknown, where: string): JsonObject {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw violation('an object', value, where);
    return value as JsonObject;
  },
  array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) throw violation('a list', value, where);
    return value;
  },
  string(value: unknown, where: string): string {
    if (typeof value !== 'string') throw violation('a string', value, where);
    return value;
  },
  nonEmptyString(value: unknown, where: string): string {
    if (typeof value !== 'string' || value.length === 0) throw violation('a non-empty string', value, where);
    return value;
  },
  /** A string, or undefined for null and absent. */
  optionalString(value: unknown, where: string): string | undefined {
    return value === null || value === undefined ? undefined : json.string(value, where);
  },
  number(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw violation('a number', value, where);
    return value;
  },
  count(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw violation('a whole number >= 0', value, where);
    return value;
  },
  optionalCount(value: unknown, where: string): number | undefined {
    return value === null || value === undefined ? undefined : json.count(value, where);
  },
  boolean(value: unknown, where: string): boolean {
    if (typeof value !== 'boolean') throw violation('true or false', value, where);
    return value;
  },
  stringList(value: unknown, where: string): string[] {
    return json.array(value, where).map((item, index) => json.string(item, `${where}[${index}]`));
  },
  optionalStringList(value: unknown, where: string): string[] | undefined {
    return value === null || value === undefined ? undefined : json.stringList(value, where);
  },
  oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw violation(`one of ${allowed.join(', ')}`, value, where);
    return value as T;
  },
};

function violation(expected: string, value: unknown, where: string): ContractViolationError {
  return new ContractViolationError(`expected ${expected}, got ${describe(value)}`, where);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
