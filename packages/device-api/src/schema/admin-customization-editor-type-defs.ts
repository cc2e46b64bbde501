/**
 * The admin API's customization editor (the console's Customizations view and `fieldsync admin
 * customization`): checking a draft as it is typed, a structural diff, the settings catalogue and the
 * CRM's entities to choose from, record counts in the dry run, and rolling back to a revision.
 * Admin role required, as for the rest of the admin API.
 */
export const adminCustomizationEditorTypeDefs = /* GraphQL */ `
  extend type Query {
    "Validates a draft customization with the model's own validator (FetchXML and BlobStoreFilter issues at their line and column) and compares it with a revision (default: the newest); changes nothing."
    checkCustomization(content: JSON!, againstRevision: Int): CustomizationCheck!
    "The customization settings (AppSettings): type, default, range and meaning of each."
    customizationSettingDefinitions: [CustomizationSettingDefinition!]!
    "The CRM's entities and their fields, as customizations may name them."
    crmEntities: [CrmEntity!]!
  }

  extend type Mutation {
    "Publishes a copy of an earlier revision (its content, roles and options) as the newest revision."
    rollbackCustomization(revision: Int!, comment: String): PublishCustomizationPayload!
  }

  extend type Customization {
    "The content as an admin edits it: each entity's filter as FetchXML text (fetchXml)."
    draft: JSON!
  }

  extend type DryRunDevice {
    "The entities it would download in full, with the records each would bring (counted by the CRM as the device's user, under the new filter)."
    downloads: [DryRunDownload!]!
  }

  type DryRunDownload {
    entity: String!
    records: Int!
  }

  enum SettingType {
    bool
    int
  }

  type CustomizationSettingDefinition {
    name: String!
    type: SettingType!
    default: JSON!
    "Smallest value of an int setting."
    min: Int
    "Largest value of an int setting; absent: no upper bound."
    max: Int
    description: String!
    "supported, not-yet-supported or not-applicable."
    support: String!
  }

  type CrmEntity {
    name: String!
    "Field names, primary key first."
    fields: [String!]!
  }

  enum ChangeKind {
    added
    removed
    changed
  }

  "A text on both sides of a change (absent where there was none)."
  type TextChange {
    before: String
    after: String
  }

  type OptionChange {
    name: String!
    before: JSON
    after: JSON
  }

  type EntityChange {
    entity: String!
    change: ChangeKind!
    fieldsAdded: [String!]!
    fieldsRemoved: [String!]!
    "The sync filter as FetchXML on both sides, when it changed."
    filter: TextChange
    "conflictPolicy, pageSize, uploadOnly, attachments, forceFullSync, when they changed."
    options: [OptionChange!]!
  }

  type SettingChange {
    name: String!
    change: ChangeKind!
    before: JSON
    after: JSON
  }

  "A readable structural diff: every part that differs, with both sides."
  type CustomizationChanges {
    entities: [EntityChange!]!
    settings: [SettingChange!]!
    blobStoreFilter: TextChange
    empty: Boolean!
  }

  type CustomizationCheck {
    "Problems that stop publication, each with its path, and its line and column in FetchXML or BlobStoreFilter XML."
    userErrors: [UserError!]!
    "Allowed, probably unintended."
    warnings: [UserError!]!
    "The revision compared with (absent when none is published)."
    againstRevision: Int
    "Absent when the draft has errors."
    changes: CustomizationChanges
  }
`;
