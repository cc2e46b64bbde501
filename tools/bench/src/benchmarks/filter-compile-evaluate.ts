import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import {
  compileFilterToSql,
  createFilterPredicate,
  evaluateFilter,
  parseFetchXml,
  type CrmRecord,
  type EntityReference,
  type FieldValues,
  type FilterContext,
} from '@fieldsync/model';
import { SeededRandom } from '@fieldsync/demo-org';
import { measureRate } from '../measure/measure-rate';
import type { BenchFigure } from '../report/bench-figure';
import type { Benchmark } from '../report/benchmark';
import { benchAccountEntity, benchSchema, BENCH_CITIES, generateBenchAccounts } from './bench-account-schema';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const USER_ID = '00000000-0000-4000-8000-00000000a11c';
const OTHER_ID = '00000000-0000-4000-8000-000000000b0b';

/** The benchmark's sync filter: the seed's account filter, extended the way real customizations are. */
export const BENCH_FETCH_XML = `<fetch version="1.0">
  <entity name="account">
    <filter type="and">
      <condition attribute="statuscode" operator="ne" value="2" />
      <filter type="or">
        <condition attribute="ownerid" operator="eq-userid" />
        <condition attribute="address1_city" operator="in">
          <value>${BENCH_CITIES[0]}</value><value>${BENCH_CITIES[1]}</value><value>${BENCH_CITIES[2]}</value>
        </condition>
      </filter>
      <condition attribute="modifiedon" operator="last-x-days" value="90" />
    </filter>
    <link-entity name="account" from="accountid" to="parentaccountid">
      <filter><condition attribute="name" operator="begins-with" value="Al" /></filter>
    </link-entity>
  </entity>
</fetch>`;

/** Accounts with owners and modification times spread over the last 180 days. */
function benchRecords(count: number): CrmRecord[] {
  const random = new SeededRandom(99);
  return generateBenchAccounts(count, 7).map((fields) => {
    const owner: EntityReference = { entity: 'systemuser', id: random.chance(0.4) ? USER_ID : OTHER_ID };
    const modifiedon = new Date(NOW - random.int(0, 180 * DAY_MS)).toISOString();
    const all: FieldValues = { ...fields, ownerid: owner, createdon: modifiedon, modifiedon };
    return { entity: 'account', id: String(fields.accountid), fields: all };
  });
}

/** The same logic as {@link BENCH_FETCH_XML}, written by hand: the baseline. */
function handWrittenPredicate(byId: ReadonlyMap<string, CrmRecord>): (fields: FieldValues) => boolean {
  const cities = new Set(BENCH_CITIES.slice(0, 3));
  const dayStart = Math.floor(NOW / DAY_MS) * DAY_MS;
  const since = new Date(dayStart - 90 * DAY_MS).toISOString();
  const until = new Date(NOW).toISOString();
  return (f) => {
    if (typeof f.statuscode !== 'number' || f.statuscode === 2) return false;
    const owner = f.ownerid as EntityReference | null;
    if (owner?.id !== USER_ID && !cities.has(f.address1_city as string)) return false;
    const modified = f.modifiedon as string | null;
    if (modified === null || modified < since || modified > until) return false;
    const parentRef = f.parentaccountid as EntityReference | null;
    const parent = parentRef ? byId.get(parentRef.id) : undefined;
    return parent !== undefined && String(parent.fields.name).toLowerCase().startsWith('al');
  };
}

/**
 * FetchXML parsing, SQL compilation (filter → kysely → SQL text) and JS evaluation of a realistic sync
 * filter; evaluation over 100,000 records is compared with a hand-written predicate of the same logic.
 */
export const filterCompileEvaluate: Benchmark = {
  name: 'filter',
  description: 'parseFetchXml, compileFilterToSql + kysely compile, evaluateFilter vs a hand-written predicate',
  async run(settings) {
    const count = settings.quick ? 5_000 : 100_000;
    const minMs = settings.quick ? 100 : 1_000;
    const context: FilterContext = { clock: { now: () => NOW }, userId: USER_ID, businessUnitId: 'bench' };

    const parse = measureRate(() => void parseFetchXml(BENCH_FETCH_XML), minMs);
    const where = parseFetchXml(BENCH_FETCH_XML).where;

    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (kysely) => new SqliteIntrospector(kysely),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
    const options = { schema: benchSchema, entity: benchAccountEntity, context };
    const compile = measureRate(() => void db.selectFrom('account').selectAll().where(compileFilterToSql(where, options)).compile().sql, minMs);

    const records = benchRecords(count);
    const byId = new Map(records.map((record) => [record.id, record]));
    const resolveParent = (_entity: string, id: string) => byId.get(id);
    const predicate = createFilterPredicate(where, benchAccountEntity, context, { resolveParent, schema: benchSchema });
    const baseline = handWrittenPredicate(byId);

    const ourMatches = records.filter((r) => predicate(r.fields)).length;
    const baselineMatches = records.filter((r) => baseline(r.fields)).length;
    if (ourMatches !== baselineMatches) throw new Error(`filter: evaluator matched ${ourMatches} records, the hand-written predicate ${baselineMatches}`);
    settings.log(`  filter matches ${ourMatches} of ${count} records`);

    const overAll = (test: (record: CrmRecord) => boolean) => () => {
      let matched = 0;
      for (const record of records) if (test(record)) matched++;
      return records.length + (matched < 0 ? 1 : 0);
    };
    const hand = measureRate(
      overAll((r) => baseline(r.fields)),
      minMs,
      1,
    );
    const compiled = measureRate(
      overAll((r) => predicate(r.fields)),
      minMs,
      1,
    );
    const perCall = measureRate(
      overAll((r) => evaluateFilter(where, r, benchAccountEntity, context, resolveParent, benchSchema)),
      minMs,
      1,
    );

    const handName = 'hand-written JS predicate';
    const figures: BenchFigure[] = [
      { name: 'parseFetchXml', value: parse.perSecond, unit: 'filters/s' },
      { name: 'compileFilterToSql + kysely compile', value: compile.perSecond, unit: 'queries/s' },
      { name: `createFilterPredicate, ${count} records`, value: compiled.perSecond, unit: 'records/s', baseline: hand.perSecond, baselineName: handName },
      { name: `evaluateFilter per record, ${count} records`, value: perCall.perSecond, unit: 'records/s', baseline: hand.perSecond, baselineName: handName },
    ];
    return figures;
  },
};
