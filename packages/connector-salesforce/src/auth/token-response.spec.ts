import { readTokenResponse } from './token-response';

const good = {
  access_token: '00Dxx!token',
  instance_url: 'http://127.0.0.1:4000/',
  id: 'http://127.0.0.1:4000/id/00D000000000001EAA/005000000000001AAA',
  token_type: 'Bearer',
  issued_at: '1763800000000',
  signature: 'c2ln',
};

describe('readTokenResponse', () => {
  it('reads the user and organization from the identity URL', () => {
    expect(readTokenResponse(good, 1)).toEqual({
      accessToken: '00Dxx!token',
      instanceUrl: 'http://127.0.0.1:4000',
      idUrl: good.id,
      userId: '005000000000001AAA',
      organizationId: '00D000000000001EAA',
      issuedAt: 1763800000000,
    });
  });

  it('refuses a token response without id with a typed error naming it', () => {
    const { id: _id, ...withoutId } = good;
    expect(() => readTokenResponse(withoutId, 1)).toThrow(expect.objectContaining({ code: 'CONTRACT_VIOLATION', message: expect.stringContaining("no 'id'") }));
    expect(() => readTokenResponse({ ...good, id: 'not-a-url' }, 1)).toThrow(/not an identity URL/);
    expect(() => readTokenResponse('<html>', 1)).toThrow(/not an object/);
  });
});
