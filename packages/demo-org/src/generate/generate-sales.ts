import type { CrmRecord, EntityReference } from '@fieldsync/model';
import { PRODUCTS, SALES_STAGES } from '../random/demo-words';
import { childOwner, dayAround, refTo, round2, type GenerationContext } from './generation-context';

/** Generates `count` opportunities, each for an account, owned mostly by the account's owner. */
export function generateOpportunities(context: GenerationContext, count: number): void {
  const { random } = context;
  const accounts = context.records.account;
  const opportunities: CrmRecord[] = (context.records.opportunity = []);
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const account = random.pick(accounts);
    const stage = random.int(0, SALES_STAGES.length - 1);
    const roll = random.next();
    // Most opportunities are open; the rest were won or lost.
    const [statecode, statuscode] = roll < 0.7 ? [0, random.chance(0.9) ? 1 : 2] : roll < 0.85 ? [1, 3] : [2, random.chance(0.5) ? 4 : 5];
    opportunities.push({
      entity: 'opportunity',
      id,
      fields: {
        opportunityid: id,
        name: `${random.int(5, 500)} × ${random.pick(PRODUCTS)[0]} for ${String(account.fields.name)}`,
        customerid: refTo(account),
        estimatedvalue: random.int(10, 2000) * 100,
        estimatedclosedate: dayAround(context, -120, 240),
        closeprobability: statecode === 1 ? 100 : statecode === 2 ? 0 : (stage + 1) * 20,
        stepname: SALES_STAGES[stage],
        statecode,
        statuscode,
        ownerid: childOwner(context, account),
      },
    });
  }
}

/**
 * Generates `quoteCount` quotes (for an account, often from one of its opportunities) and `detailCount`
 * quote details spread over them (each quote gets at least one while details last). Extended amounts and
 * quote totals are computed as the CRM's quote rule does: extended = quantity × price − discount,
 * total line item amount = total amount = the sum of the extended amounts.
 */
export function generateQuotes(context: GenerationContext, quoteCount: number, detailCount: number): void {
  const { random } = context;
  const accounts = context.records.account;
  const opportunities = context.records.opportunity ?? [];
  const accountsById = new Map(accounts.map((account) => [account.id, account]));
  const opportunitiesByAccount = new Map<string, CrmRecord[]>();
  for (const opportunity of opportunities) {
    const accountId = (opportunity.fields.customerid as EntityReference).id;
    const list = opportunitiesByAccount.get(accountId);
    if (list) list.push(opportunity);
    else opportunitiesByAccount.set(accountId, [opportunity]);
  }

  const quotes: CrmRecord[] = [];
  for (let i = 0; i < quoteCount; i++) {
    const id = random.uuid();
    const fromOpportunity = opportunities.length > 0 && random.chance(0.8) ? random.pick(opportunities) : undefined;
    const accountRef = fromOpportunity ? (fromOpportunity.fields.customerid as EntityReference) : refTo(random.pick(accounts));
    const account = accountsById.get(accountRef.id);
    const sameAccount = opportunitiesByAccount.get(accountRef.id);
    const opportunity = fromOpportunity ?? (sameAccount && random.chance(0.5) ? random.pick(sameAccount) : undefined);
    const roll = random.next();
    const [statecode, statuscode] = roll < 0.5 ? [0, 1] : roll < 0.75 ? [1, 2] : roll < 0.9 ? [2, 4] : [3, 5];
    quotes.push({
      entity: 'quote',
      id,
      fields: {
        quoteid: id,
        name: `Q-${String(i + 1).padStart(5, '0')} ${String(account?.fields.name ?? 'quote')}`,
        customerid: accountRef,
        opportunityid: opportunity ? refTo(opportunity) : null,
        totallineitemamount: 0,
        totalamount: 0,
        statecode,
        statuscode,
        ownerid: opportunity ? (opportunity.fields.ownerid as EntityReference) : childOwner(context, account),
      },
    });
  }

  const details: CrmRecord[] = [];
  const totals = new Map<string, number>();
  for (let i = 0; i < detailCount && quotes.length > 0; i++) {
    const id = random.uuid();
    const quote = i < quotes.length ? quotes[i] : random.pick(quotes);
    const [product, listPrice] = random.pick(PRODUCTS);
    const quantity = random.int(1, 40);
    const priceperunit = round2(listPrice * random.amount(0.9, 1.1));
    const manualdiscountamount = random.chance(0.3) ? round2(quantity * priceperunit * random.pick([0.05, 0.1, 0.15])) : 0;
    const extendedamount = round2(quantity * priceperunit - manualdiscountamount);
    totals.set(quote.id, round2((totals.get(quote.id) ?? 0) + extendedamount));
    details.push({
      entity: 'quotedetail',
      id,
      fields: {
        quotedetailid: id,
        quoteid: refTo(quote),
        productdescription: product,
        quantity,
        priceperunit,
        manualdiscountamount,
        extendedamount,
      },
    });
  }

  context.records.quote = quotes.map((quote) => {
    const total = totals.get(quote.id) ?? 0;
    return { ...quote, fields: { ...quote.fields, totallineitemamount: total, totalamount: total } };
  });
  context.records.quotedetail = details;
}
