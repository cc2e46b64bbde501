import { formatIssue } from '../errors/validation-issue';
import type { Schema } from '../schema/entity-schema';
import { validateCustomization } from './validate-customization';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string' },
      ],
    },
  ],
};

function issuesOf(documents: unknown): string[] {
  return validateCustomization({ entities: [{ entity: 'account', documents }] }, schema).issues.map(formatIssue);
}

describe('an entity document backend in the customization', () => {
  it('keeps a SharePoint site and library, and a OneDrive root without its slashes', () => {
    const sharepoint = validateCustomization(
      { entities: [{ entity: 'account', documents: { backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/sales', library: 'Account' } }] },
      schema,
    );
    expect(sharepoint.customization?.entities[0].documents).toEqual({ backend: 'sharepoint', site: 'contoso.sharepoint.com:/sites/sales', library: 'Account' });
    const onedrive = validateCustomization({ entities: [{ entity: 'account', documents: { backend: 'onedrive', root: '/Fieldsync/' } }] }, schema);
    expect(onedrive.customization?.entities[0].documents).toEqual({ backend: 'onedrive', root: 'Fieldsync' });
  });

  it('leaves documents out when the entity names none, so the version of an older customization is unchanged', () => {
    const plain = validateCustomization({ entities: [{ entity: 'account' }] }, schema);
    expect(plain.customization?.entities[0]).not.toHaveProperty('documents');
  });

  it('names the path of each problem', () => {
    expect(issuesOf('sharepoint')).toEqual([
      "entities[0].documents: must be { backend: 'sharepoint', site, library? } or { backend: 'onedrive', root, user? }, got string 'sharepoint'",
    ]);
    expect(issuesOf({ backend: 'gdrive' })).toEqual(["entities[0].documents.backend: must be one of sharepoint, onedrive, got string 'gdrive'"]);
    expect(issuesOf({ backend: 'sharepoint', library: 'Docs' })).toEqual(['entities[0].documents.site: must be non-empty text, got nothing']);
    expect(issuesOf({ backend: 'onedrive', root: '/', site: 'x' })).toEqual([
      "entities[0].documents.site: unknown property 'site' of a onedrive document backend",
      "entities[0].documents.root: must name a folder below the drive root, not '/'",
    ]);
  });
});
