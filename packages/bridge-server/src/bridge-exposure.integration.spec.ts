import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { openCrmStore } from '@fieldsync/crm-store';
import { generateDemoOrg, seedDemoOrg } from '@fieldsync/demo-org';
import { FieldsyncError } from '@fieldsync/model';
import { startBridge, type RunningBridge } from './start-bridge';
import { createBridgeTestBed } from './testing/bridge-test-bed';

/** Asks for GraphiQL the way a browser does; answers whether the GraphiQL page came back. */
async function servesGraphiql(url: string): Promise<boolean> {
  const answer = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
  const text = await answer.text();
  return answer.status === 200 && (answer.headers.get('content-type') ?? '').startsWith('text/html') && /graphiql/i.test(text);
}

/** The loopback URL of a bridge listening on every interface. */
function loopbackUrl(bridge: RunningBridge): string {
  return `http://127.0.0.1:${bridge.port}`;
}

/** The error a start failed with, or 'started' (after closing the bridge, so that a failing test leaves nothing running). */
async function outcomeOf(starting: Promise<RunningBridge>): Promise<unknown> {
  try {
    await (await starting).close();
    return 'started';
  } catch (error) {
    return error;
  }
}

describe('what the bridge shows to anyone who reaches it', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fieldsync-bridge-exposure-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz with a fixed text and a 503 when the state fails, and logs the cause', async () => {
    const sink = new PassThrough();
    let log = '';
    sink.setEncoding('utf8').on('data', (chunk: string) => void (log += chunk));
    const bed = await createBridgeTestBed(':memory:', { logLevel: 'info', logDestination: sink });
    try {
      expect((await fetch(`${bed.bridge.url}/healthz`)).status).toBe(200);
      // The state goes away under the bridge: its driver's own message must not reach the caller.
      await bed.bridge.state.close();
      const answer = await fetch(`${bed.bridge.url}/healthz`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ status: 'unavailable', error: 'a dependency of the bridge failed; see the bridge log' });
      const failure = log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event?: string; err?: { message?: string } })
        .find((line) => line.event === 'health.failed');
      expect(failure?.err?.message).toEqual(expect.any(String));
      expect(failure?.err?.message).not.toBe('');
    } finally {
      await bed.close();
    }
  });

  it('serves GraphiQL on a loopback host by default, and not when graphiql is false', async () => {
    const on = await createBridgeTestBed(':memory:');
    try {
      expect(await servesGraphiql(on.bridge.url)).toBe(true);
      expect(on.bridge.graphiql).toBe(true);
    } finally {
      await on.close();
    }
    const off = await createBridgeTestBed(':memory:', { graphiql: false });
    try {
      expect(await servesGraphiql(off.bridge.url)).toBe(false);
      expect(off.bridge.graphiql).toBe(false);
      // The API itself still answers.
      expect((await off.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    } finally {
      await off.close();
    }
  });

  it('refuses to seed the demo org into a missing CRM file on a host other than loopback, creating nothing', async () => {
    const crmFile = path.join(dir, 'state', 'crm.db');
    const refused = await outcomeOf(startBridge({ host: '0.0.0.0', port: 0, crmFile, logLevel: 'silent', demoRecords: 50 }));
    expect(refused).toMatchObject({ code: 'DEMO_REFUSED', details: { file: crmFile, host: '0.0.0.0' } });
    expect(FieldsyncError.is(refused, 'DEMO_REFUSED')).toBe(true);
    expect(existsSync(path.join(dir, 'state'))).toBe(false);

    const refusedOnLoopback = await outcomeOf(startBridge({ host: '127.0.0.1', port: 0, crmFile, logLevel: 'silent', demoRecords: 50, demo: false }));
    expect(refusedOnLoopback).toMatchObject({ code: 'DEMO_REFUSED' });
    expect(existsSync(path.join(dir, 'state'))).toBe(false);
  });

  it('seeds the demo org on any host when asked, with GraphiQL on; an existing CRM on the network gets no GraphiQL by default', async () => {
    const crmFile = path.join(dir, 'demo', 'crm.db');
    const demo = await startBridge({ host: '0.0.0.0', port: 0, crmFile, logLevel: 'silent', demoRecords: 50, demo: true });
    try {
      expect(existsSync(crmFile)).toBe(true);
      expect(await servesGraphiql(loopbackUrl(demo))).toBe(true);
    } finally {
      await demo.close();
    }

    const existing = path.join(dir, 'existing.db');
    const store = await openCrmStore({ file: existing });
    await seedDemoOrg(store, generateDemoOrg({ records: 50 }));
    await store.close();
    const served = await startBridge({ host: '0.0.0.0', port: 0, crmFile: existing, logLevel: 'silent' });
    try {
      expect(served.graphiql).toBe(false);
      expect(await servesGraphiql(loopbackUrl(served))).toBe(false);
      expect((await fetch(`${loopbackUrl(served)}/healthz`)).status).toBe(200);
    } finally {
      await served.close();
    }
    const withGraphiql = await startBridge({ host: '0.0.0.0', port: 0, crmFile: existing, logLevel: 'silent', graphiql: true });
    try {
      expect(await servesGraphiql(loopbackUrl(withGraphiql))).toBe(true);
    } finally {
      await withGraphiql.close();
    }
  });
});
