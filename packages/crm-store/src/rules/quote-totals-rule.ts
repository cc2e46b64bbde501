import { findEntity, findField, isEntityReference, type FieldValues, type Schema } from '@fieldsync/model';
import type { ServerRule } from './server-rule';

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * The quote totals the CRM computes on the server: a `quotedetail`'s `extendedamount` is
 * `quantity * priceperunit - manualdiscountamount`, and its `quote`'s `totallineitemamount` and
 * `totalamount` (less the quote's `discountamount`, when present) are the sum of its details,
 * recomputed, with a new quote version, whenever a detail is created, changed or deleted.
 */
export const quoteTotalsRule: ServerRule = {
  name: 'quote-totals',

  appliesTo(schema: Schema): boolean {
    const quote = findEntity(schema, 'quote');
    const detail = findEntity(schema, 'quotedetail');
    if (!quote || !detail) return false;
    return ['quoteid', 'quantity', 'priceperunit', 'extendedamount'].every((f) => findField(detail, f)) && ['totalamount'].every((f) => findField(quote, f));
  },

  computeFields(entity: string, row: FieldValues): FieldValues {
    if (entity !== 'quotedetail') return {};
    return { extendedamount: round2(num(row['quantity']) * num(row['priceperunit']) - num(row['manualdiscountamount'])) };
  },

  affected(entity, before, after) {
    if (entity !== 'quotedetail') return [];
    const ids = new Set<string>();
    for (const row of [before, after]) {
      const quote = row?.['quoteid'];
      if (isEntityReference(quote)) ids.add(quote.id);
    }
    return [...ids].map((id) => ({ entity: 'quote', id }));
  },

  async recompute(context, target) {
    const quote = await context.get('quote', target.id);
    if (!quote) return;
    const details = await context.children('quotedetail', 'quoteid', target.id);
    const lines = round2(details.reduce((sum, d) => sum + num(d['extendedamount']), 0));
    const fields: Record<string, number> = { totalamount: round2(lines - num(quote['discountamount'])) };
    if ('totallineitemamount' in quote) fields['totallineitemamount'] = lines;
    await context.update('quote', target.id, fields);
  },
};
