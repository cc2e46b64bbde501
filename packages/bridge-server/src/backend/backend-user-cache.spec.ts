import type { BackendUser } from '@fieldsync/device-api';
import { BackendUserCache } from './backend-user-cache';

describe('BackendUserCache', () => {
  const alice: BackendUser = { id: 'u1', userName: 'alice', fullName: 'Alice', disabled: false, roles: ['Salesperson'] };

  it('asks the CRM once within the TTL, again after it or after forget, and keeps unknown users too', async () => {
    let clock = 0;
    const asked: string[] = [];
    const cache = new BackendUserCache(
      async (id) => (asked.push(id), id === 'u1' ? alice : undefined),
      1_000,
      () => clock,
    );
    expect(await cache.get('u1')).toBe(alice);
    expect(await cache.get('u1')).toBe(alice);
    expect(await cache.get('nobody')).toBeUndefined();
    expect(await cache.get('nobody')).toBeUndefined();
    expect(asked).toEqual(['u1', 'nobody']);
    clock = 1_000;
    await cache.get('u1');
    cache.forget('u1');
    expect(cache.lastSeen('u1')).toBeUndefined();
    await cache.get('u1');
    expect(asked).toEqual(['u1', 'nobody', 'u1', 'u1']);
    expect(cache.remember('u2', { ...alice, id: 'u2' })?.id).toBe('u2');
    expect(cache.lastSeen('u2')?.userName).toBe('alice');
  });
});
