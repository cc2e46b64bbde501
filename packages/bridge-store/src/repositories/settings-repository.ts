import type { Kysely } from 'kysely';
import type { SettingsRepository } from '../api/bridge-store';
import type { BridgeDatabase } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { fromJsonText, toJsonText } from '../database/json-text';

/** {@link SettingsRepository} over `bridge_setting`: one JSON value per name. */
export class KyselySettingsRepository implements SettingsRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async all(): Promise<Record<string, unknown>> {
    const rows = await this.db.selectFrom('bridge_setting').select(['name', 'value']).orderBy('name').execute();
    return Object.fromEntries(rows.map((r) => [r.name, fromJsonText(r.value)]));
  }

  /** Sets the values given; as in JSON, a name whose value is `undefined` is left as it was. */
  async set(values: Readonly<Record<string, unknown>>, now: string): Promise<void> {
    const updatedAt = canonicalTime(now, 'now');
    const rows = Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => ({ name, value: toJsonText(value, `settings.${name}`), updated_at: updatedAt }));
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx
          .insertInto('bridge_setting')
          .values(row)
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
          .execute();
      }
    });
  }
}
