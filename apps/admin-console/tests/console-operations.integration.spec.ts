import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBridgeTestBed, type BridgeTestBed } from '@fieldsync/bridge-server/testing';
import * as customizationOperations from '../src/api/customization-operations';
import * as directoryOperations from '../src/api/directory-operations';
import * as operations from '../src/api/operations';
import * as settingsOperations from '../src/api/settings-operations';

/** Every operation document the console sends, by its exported name. */
const DOCUMENTS = Object.entries({ ...operations, ...customizationOperations, ...directoryOperations, ...settingsOperations }).map(
  ([name, document]) => [name, String(document)] as const,
);

/** The codes of the bridge's query limits (QueryLimitCode of @fieldsync/device-api). */
const LIMIT_CODES = /^(QUERY_TOO_DEEP|QUERY_TOO_COSTLY|TOO_MANY_ALIASES|TOO_MANY_TOKENS)$/;

/**
 * The bridge's query limits (depth, cost, aliases, tokens) are checked when a document is validated,
 * before it runs: a console operation over a limit is a page that never loads (codegen types it fine).
 */
describe("the console's operations against the bridge's query limits", () => {
  let dir: string;
  let bed: BridgeTestBed;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-console-operations-'));
    bed = await createBridgeTestBed(path.join(dir, 'bridge.db'));
  });

  afterAll(async () => {
    await bed.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every operation module exported', () => {
    expect(DOCUMENTS.map(([name]) => name)).toEqual(expect.arrayContaining(['DeviceDetailQuery', 'UsersQuery', 'UpdateSettingsMutation']));
    for (const [name, text] of DOCUMENTS) expect([name, /^\s*(query|mutation|subscription) /.test(text)]).toEqual([name, true]);
  });

  it.each(DOCUMENTS)('%s passes validation with the limits on', async (_name, text) => {
    // Without a token nor its variables: validated in full, then refused before anything changes.
    const response = await fetch(`${bed.bridge.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: text }),
    });
    const answer = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(answer.errors?.length).toBeGreaterThan(0);
    const overLimits = (answer.errors ?? []).filter((error) => LIMIT_CODES.test(error.extensions?.code ?? ''));
    expect(overLimits.map((error) => error.message)).toEqual([]);
  });
});
