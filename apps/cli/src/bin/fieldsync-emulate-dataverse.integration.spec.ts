import { httpsJson, requestAppToken, startAzureEmulatorProcess } from '../testing/azure-emulator-process';

describe('fieldsync emulate dataverse', () => {
  it('seeds a demo org, serves the Web API over HTTPS with its token endpoint and CA file, until SIGTERM', async () => {
    const emulator = await startAzureEmulatorProcess(['dataverse', '--port', '0', '--records', '200'], 'Dataverse emulator on');
    try {
      const token = await requestAppToken(emulator);
      expect(token.status).toBe(200);
      expect(token.json['token_type']).toBe('Bearer');
      const headers = { Authorization: `Bearer ${String(token.json['access_token'])}`, Accept: 'application/json' };
      const whoAmI = await httpsJson(`${emulator.url}/api/data/v9.2/WhoAmI`, emulator.ca, { headers });
      expect(whoAmI.json['UserId']).toMatch(/^[0-9a-f-]{36}$/);
      const accounts = await httpsJson(`${emulator.url}/api/data/v9.2/accounts?$select=name`, emulator.ca, { headers });
      expect((accounts.json['value'] as unknown[]).length).toBeGreaterThan(0);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });
});
