import { InvalidDemoOptionsError } from '../org/invalid-demo-options-error';
import type { DemoOrg } from '../org/demo-org';
import { buildDemoSecurity, DEMO_ROLE_NAMES } from '../org/demo-security';
import { SeededRandom } from '../random/seeded-random';
import { demoSchema } from '../schema/demo-schema';
import { generateAppointments, generateEmails, generateTasks } from './generate-activities';
import { generateAccounts, generateContacts } from './generate-customers';
import { generateNotes } from './generate-notes';
import { generateOpportunities, generateQuotes } from './generate-sales';
import type { GenerationContext } from './generation-context';
import { recordCounts } from './record-mix';

/** Options of {@link generateDemoOrg}. */
export interface DemoOrgOptions {
  /** Total number of business records (accounts, contacts, ... notes), a whole number ≥ 0. */
  readonly records: number;
  /** Seed of the generator: the same seed gives the same org, ids included. @default 1 */
  readonly seed?: number;
  /** Instant the generated dates (close dates, due dates, ...) are relative to. @default '2026-01-01T00:00:00.000Z' */
  readonly referenceTime?: string;
}

/** The default seed of a demo org. */
export const DEFAULT_DEMO_SEED = 1;

/** The default instant demo dates are relative to. */
export const DEFAULT_REFERENCE_TIME = '2026-01-01T00:00:00.000Z';

/**
 * Generates a demo organization deterministically: the same options always give an identical org.
 * The records are about 10 % accounts, 25 % contacts, 10 % opportunities, 17 % quotes and quote
 * details, 30 % activities and 8 % notes, owned by the three sales reps alice, bob and carol.
 * Throws {@link InvalidDemoOptionsError} for a negative or fractional count or an unreadable time.
 * @example const org = generateDemoOrg({ records: 20_000, seed: 42 });
 */
export function generateDemoOrg(options: DemoOrgOptions): DemoOrg {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const referenceTime = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  if (!Number.isSafeInteger(options.records) || options.records < 0) {
    throw new InvalidDemoOptionsError('records', `must be a whole number of at least 0, got ${String(options.records)}`);
  }
  if (!Number.isSafeInteger(seed)) throw new InvalidDemoOptionsError('seed', `must be a whole number, got ${String(seed)}`);
  const referenceMs = Date.parse(referenceTime);
  if (Number.isNaN(referenceMs)) {
    throw new InvalidDemoOptionsError('referenceTime', `must be an ISO-8601 instant, got '${referenceTime}'`);
  }

  const random = new SeededRandom(seed);
  const security = buildDemoSecurity(
    random,
    demoSchema.entities.map((entity) => entity.name),
  );
  const salesRep = DEMO_ROLE_NAMES.salesRep;
  const context: GenerationContext = {
    random,
    reps: security.users.filter((user) => user.roles.includes(salesRep)),
    referenceMs,
    records: {},
  };
  const counts = recordCounts(options.records);
  generateAccounts(context, counts.account);
  generateContacts(context, counts.contact);
  generateOpportunities(context, counts.opportunity);
  generateQuotes(context, counts.quote, counts.quotedetail);
  generateTasks(context, counts.task);
  generateAppointments(context, counts.appointment);
  generateEmails(context, counts.email);
  const attachments = generateNotes(context, counts.annotation);

  const records = Object.fromEntries(demoSchema.entities.map((entity) => [entity.name, context.records[entity.name] ?? []]));
  return { seed, referenceTime: new Date(referenceMs).toISOString(), schema: demoSchema, ...security, records, attachments };
}
