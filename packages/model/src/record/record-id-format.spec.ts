import { recordIdProblem } from './record-id-format';

describe('recordIdProblem', () => {
  it('accepts each format’s ids', () => {
    expect(recordIdProblem('3f2b8c4e-0d1a-4c6b-9e7f-2A5D8B1C9E0F', 'guid')).toBeUndefined();
    expect(recordIdProblem('001Hs00001AbCdE', 'salesforce-id')).toBeUndefined();
    expect(recordIdProblem('001Hs00001AbCdEIAX', 'salesforce-id')).toBeUndefined();
    for (const id of ['a-1', 'client_id', '3f2b8c4e-0d1a-4c6b-9e7f-2a5d8b1c9e0f', 'x'.repeat(100)]) expect(recordIdProblem(id)).toBeUndefined();
  });

  it('refuses paths, URLs, blanks, long and non-string ids, saying what was expected', () => {
    expect(recordIdProblem('../../etc/passwd', 'guid')).toBe("must be a GUID such as 3f2b8c4e-0d1a-4c6b-9e7f-2a5d8b1c9e0f, got '../../etc/passwd'");
    for (const id of ['../../etc/passwd', 'a/b', 'a.b', '', ' a', '-a', 'a\nb', 'x'.repeat(101), 'https://x'])
      expect(recordIdProblem(id, 'token')).toMatch(/^must be an id of 1 to 100 letters/);
    expect(recordIdProblem(7, 'token')).toMatch(/got number$/);
    expect(recordIdProblem('001Hs00001AbCd', 'salesforce-id')).toMatch(/15 or 18/);
    expect(recordIdProblem('3f2b8c4e0d1a4c6b9e7f2a5d8b1c9e0f', 'guid')).toMatch(/GUID/);
    expect(recordIdProblem('y'.repeat(5000), 'guid')).toHaveLength(128);
  });
});
