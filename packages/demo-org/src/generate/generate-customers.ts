import type { CrmRecord } from '@fieldsync/model';
import { INDUSTRY_OPTIONS } from '../schema/account-entity';
import { CITIES, COMPANY_KINDS, COMPANY_STEMS, COMPANY_SUFFIXES, FIRST_NAMES, JOB_TITLES, LAST_NAMES } from '../random/demo-words';
import { childOwner, dayAround, ownerRef, refTo, type GenerationContext } from './generation-context';

function phone(context: GenerationContext): string {
  return `+421 2 ${context.random.int(1000, 9999)} ${context.random.int(1000, 9999)}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Generates `count` accounts owned by the reps; about one in seven has a parent account generated before it.
 * Primary contacts are filled in by {@link generateContacts}.
 */
export function generateAccounts(context: GenerationContext, count: number): void {
  const { random } = context;
  const accounts: CrmRecord[] = (context.records.account = []);
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const name = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_KINDS)} ${random.pick(COMPANY_SUFFIXES)}`;
    const [city, country] = random.pick(CITIES);
    const active = random.chance(0.9);
    const parent = i > 0 && random.chance(0.15) ? accounts[random.int(0, i - 1)] : undefined;
    accounts.push({
      entity: 'account',
      id,
      fields: {
        accountid: id,
        name,
        accountnumber: `AC-${String(i + 1).padStart(6, '0')}`,
        telephone1: phone(context),
        emailaddress1: `info@${slug(name)}.example`,
        address1_city: city,
        address1_country: country,
        revenue: random.int(1, 5000) * 10_000,
        numberofemployees: random.int(1, 5000),
        industrycode: random.pick(INDUSTRY_OPTIONS).value,
        creditonhold: random.chance(0.05),
        statecode: active ? 0 : 1,
        statuscode: active ? 1 : 2,
        ownerid: parent && random.chance(0.7) ? parent.fields.ownerid : ownerRef(random.pick(context.reps)),
        parentaccountid: parent ? refTo(parent) : null,
        primarycontactid: null,
      },
    });
  }
}

/**
 * Generates `count` contacts, most at an account (parent lookup) and owned like it; the first contact
 * generated at an account becomes its primary contact.
 */
export function generateContacts(context: GenerationContext, count: number): void {
  const { random } = context;
  const accounts = context.records.account;
  const contacts: CrmRecord[] = (context.records.contact = []);
  const primaries = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const id = random.uuid();
    const firstname = random.pick(FIRST_NAMES);
    const lastname = random.pick(LAST_NAMES);
    const account = accounts.length > 0 && random.chance(0.95) ? random.pick(accounts) : undefined;
    const active = random.chance(0.93);
    if (account && !primaries.has(account.id)) primaries.set(account.id, id);
    contacts.push({
      entity: 'contact',
      id,
      fields: {
        contactid: id,
        firstname,
        lastname,
        fullname: `${firstname} ${lastname}`,
        emailaddress1: `${slug(firstname)}.${slug(lastname)}${i}@${account ? slug(String(account.fields.name)) : 'mail'}.example`,
        telephone1: phone(context),
        jobtitle: random.pick(JOB_TITLES),
        birthdate: random.chance(0.6) ? dayAround(context, -365 * 70, -365 * 22) : null,
        parentcustomerid: account ? refTo(account) : null,
        statecode: active ? 0 : 1,
        statuscode: active ? 1 : 2,
        ownerid: childOwner(context, account),
      },
    });
  }
  context.records.account = accounts.map((account) => {
    const primary = primaries.get(account.id);
    return primary ? { ...account, fields: { ...account.fields, primarycontactid: { entity: 'contact', id: primary } } } : account;
  });
}
