import { contentOf, draftOf, issueOf, issuesAt, placeOf } from '../src/customization/draft';

describe('the customization draft', () => {
  it('sends an empty FetchXML as no filter and an empty blob store filter as none, keeping every other key', () => {
    const draft = draftOf({
      entities: [
        { entity: 'account', fetchXml: '  ', pageSize: 200 },
        { entity: 'contact', fetchXml: '<fetch/>' },
      ],
      settings: { MaxSyncCount: 5 },
      blobStoreFilter: '',
    });
    expect(contentOf(draft)).toEqual({
      entities: [
        { entity: 'account', pageSize: 200 },
        { entity: 'contact', fetchXml: '<fetch/>' },
      ],
      settings: { MaxSyncCount: 5 },
    });
  });

  it('reads a malformed draft as an empty one', () => {
    expect(draftOf(null)).toEqual({ entities: [], settings: {} });
    expect(draftOf({ entities: [{ nope: 1 }], settings: 3 })).toEqual({ entities: [], settings: {} });
  });

  it('places the bridge errors in the draft: by path without prefixes, an entity not taking its neighbours, at line and column', () => {
    const issues = [
      issueOf({ field: 'input.content.entities[2].fetchXml', message: 'unknown operator', line: 4, column: 40 }),
      issueOf({ field: 'content.entities[20].entity', message: 'unknown entity' }),
      issueOf({ field: 'content.settings.MaxExecuteMultiple', message: 'too large' }),
    ];
    expect(issuesAt(issues, 'entities[2]').map((issue) => issue.path)).toEqual(['entities[2].fetchXml']);
    expect(issuesAt(issues, 'settings').map((issue) => issue.path)).toEqual(['settings.MaxExecuteMultiple']);
    expect(placeOf(issues[0])).toBe('line 4, column 40');
    expect(placeOf(issues[1])).toBe('entities[20].entity');
  });
});
