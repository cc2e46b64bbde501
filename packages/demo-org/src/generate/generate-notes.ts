import type { CrmRecord } from '@fieldsync/model';
import type { DemoAttachment } from '../org/demo-org';
import { ACTIVITY_SUBJECTS, NOTE_SUBJECTS, PRODUCTS } from '../random/demo-words';
import { generateAttachment } from './attachment-bodies';
import { pickRegarding } from './generate-activities';
import { childOwner, refTo, type GenerationContext } from './generation-context';

/**
 * Generates `count` notes on accounts, contacts and opportunities; about a third are documents with a
 * small text, CSV or PNG attachment, whose bodies are returned.
 */
export function generateNotes(context: GenerationContext, count: number): DemoAttachment[] {
  const { random } = context;
  const notes: CrmRecord[] = (context.records.annotation = []);
  const attachments: DemoAttachment[] = [];
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const regarding = pickRegarding(context);
    const subject = random.pick(NOTE_SUBJECTS);
    const file =
      regarding && random.chance(0.35)
        ? generateAttachment(random, `${subject.toLowerCase().replace(/ /g, '-')}-${i + 1}`, PRODUCTS, ACTIVITY_SUBJECTS)
        : undefined;
    if (file) attachments.push({ entity: 'annotation', recordId: id, ...file });
    notes.push({
      entity: 'annotation',
      id,
      fields: {
        annotationid: id,
        subject,
        notetext: `${random.pick(ACTIVITY_SUBJECTS)}. ${random.pick(ACTIVITY_SUBJECTS)}.`,
        objectid: regarding ? refTo(regarding) : null,
        filename: file?.fileName ?? null,
        mimetype: file?.mimeType ?? null,
        filesize: file ? file.body.length : null,
        isdocument: file !== undefined,
        ownerid: childOwner(context, regarding),
      },
    });
  }
  return attachments;
}
