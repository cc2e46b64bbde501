import { httpsJson, requestAppToken, startAzureEmulatorProcess } from '../testing/azure-emulator-process';

describe('fieldsync emulate graph', () => {
  it('serves Graph over HTTPS with its token endpoint, a demo site and OneDrive, until SIGTERM', async () => {
    const emulator = await startAzureEmulatorProcess(['graph', '--port', '0'], 'Graph emulator on');
    try {
      const token = await requestAppToken(emulator);
      expect(token.status).toBe(200);
      const headers = { Authorization: `Bearer ${String(token.json['access_token'])}` };
      const site = await httpsJson(`${emulator.url}/v1.0/sites/contoso.sharepoint.com:/sites/fieldsync:`, emulator.ca, { headers });
      expect(site.json['id']).toMatch(/^contoso\.sharepoint\.com,/);
      const children = await httpsJson(`${emulator.url}/v1.0/sites/${String(site.json['id'])}/drive/root:/account:/children`, emulator.ca, { headers });
      expect((children.json['value'] as { name: string }[]).map((item) => item.name)).toEqual(['Contoso_5C1F0A527D3E4B8A9C110A2B3C4D5E6F']);
      const unauthenticated = await httpsJson(`${emulator.url}/v1.0/sites/${String(site.json['id'])}`, emulator.ca);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.json['error']).toMatchObject({ code: 'InvalidAuthenticationToken' });
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });
});
