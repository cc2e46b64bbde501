import type { CrmRecord } from '@fieldsync/model';
import { PRIORITY_OPTIONS } from '../schema/task-entity';
import { ACTIVITY_SUBJECTS, LOCATIONS } from '../random/demo-words';
import { childOwner, instantAround, refTo, type GenerationContext } from './generation-context';

/** A record an activity or note is about: an account, contact or opportunity (weighted toward contacts). */
export function pickRegarding(context: GenerationContext): CrmRecord | undefined {
  const { random, records } = context;
  const roll = random.next();
  const pool = roll < 0.35 ? records.account : roll < 0.75 ? records.contact : records.opportunity;
  const candidates = pool && pool.length > 0 ? pool : records.account;
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

function openOrDone(context: GenerationContext, dueIso: string): boolean {
  return Date.parse(dueIso) > context.referenceMs || context.random.chance(0.15);
}

/** Generates `count` tasks regarding accounts, contacts and opportunities; past ones are mostly completed. */
export function generateTasks(context: GenerationContext, count: number): void {
  const { random } = context;
  const tasks: CrmRecord[] = (context.records.task = []);
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const regarding = pickRegarding(context);
    const due = instantAround(context, -90, 60);
    const open = openOrDone(context, due);
    const [statecode, statuscode] = open ? [0, random.chance(0.6) ? 2 : 3] : random.chance(0.9) ? [1, 5] : [2, 6];
    tasks.push({
      entity: 'task',
      id,
      fields: {
        activityid: id,
        subject: random.pick(ACTIVITY_SUBJECTS),
        description: random.chance(0.5) ? `Remember to ${random.pick(ACTIVITY_SUBJECTS).toLowerCase()}.` : null,
        scheduledend: due,
        prioritycode: random.pick(PRIORITY_OPTIONS).value,
        regardingobjectid: regarding ? refTo(regarding) : null,
        statecode,
        statuscode,
        ownerid: childOwner(context, regarding),
      },
    });
  }
}

/** Generates `count` appointments of 30 minutes to 3 hours; past ones are completed. */
export function generateAppointments(context: GenerationContext, count: number): void {
  const { random } = context;
  const appointments: CrmRecord[] = (context.records.appointment = []);
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const regarding = pickRegarding(context);
    const start = instantAround(context, -60, 45);
    const end = new Date(Date.parse(start) + random.int(1, 6) * 30 * 60_000).toISOString();
    const open = openOrDone(context, start);
    const [statecode, statuscode] = open ? (random.chance(0.8) ? [3, 3] : [0, 1]) : random.chance(0.9) ? [1, 8] : [2, 4];
    appointments.push({
      entity: 'appointment',
      id,
      fields: {
        activityid: id,
        subject: random.pick(ACTIVITY_SUBJECTS),
        location: random.pick(LOCATIONS),
        scheduledstart: start,
        scheduledend: end,
        regardingobjectid: regarding ? refTo(regarding) : null,
        statecode,
        statuscode,
        ownerid: childOwner(context, regarding),
      },
    });
  }
}

/** Generates `count` e-mails, about half outgoing; nearly all sent or received. */
export function generateEmails(context: GenerationContext, count: number): void {
  const { random } = context;
  const emails: CrmRecord[] = (context.records.email = []);
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const regarding = pickRegarding(context);
    const outgoing = random.chance(0.5);
    const draft = outgoing && random.chance(0.05);
    const subject = random.pick(ACTIVITY_SUBJECTS);
    emails.push({
      entity: 'email',
      id,
      fields: {
        activityid: id,
        subject: outgoing ? subject : `RE: ${subject}`,
        description: Array.from({ length: random.int(1, 5) }, () => `${random.pick(ACTIVITY_SUBJECTS)}.`).join(' '),
        directioncode: outgoing,
        regardingobjectid: regarding ? refTo(regarding) : null,
        statecode: draft ? 0 : 1,
        statuscode: draft ? 1 : outgoing ? 3 : 4,
        ownerid: childOwner(context, regarding),
      },
    });
  }
}
