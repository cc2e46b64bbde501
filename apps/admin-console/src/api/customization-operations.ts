import { graphql } from '../gql';

/** The published revisions, newest first, for the list and rollback. */
export const CustomizationRevisionsQuery = graphql(`
  query CustomizationRevisions {
    customizations {
      revision
      version
      roles {
        role
        priority
      }
      minAppVersion
      settingsReadOnly
      comment
      publishedAt
      publishedBy
    }
  }
`);

/** What the editor needs: a revision as a draft (filters as FetchXML), the settings catalogue and the CRM's entities. */
export const CustomizationEditorQuery = graphql(`
  query CustomizationEditor($revision: Int!) {
    publishedCustomization(revision: $revision) {
      revision
      draft
      roles {
        role
        priority
      }
      minAppVersion
      settingsReadOnly
    }
    customizationSettingDefinitions {
      name
      type
      default
      min
      max
      description
      support
    }
    crmEntities {
      name
      fields
    }
  }
`);

/** Validates a draft as it is typed and compares it with the newest revision. */
export const CheckCustomizationQuery = graphql(`
  query CheckCustomization($content: JSON!) {
    checkCustomization(content: $content) {
      userErrors {
        field
        message
        code
        line
        column
      }
      warnings {
        field
        message
      }
      againstRevision
      changes {
        empty
        entities {
          entity
          change
          fieldsAdded
          fieldsRemoved
          filter {
            before
            after
          }
          options {
            name
            before
            after
          }
        }
        settings {
          name
          change
          before
          after
        }
        blobStoreFilter {
          before
          after
        }
      }
    }
  }
`);

/** Which devices a publication would send to a full sync, of what, with how many records. */
export const DryRunCustomizationQuery = graphql(`
  query DryRunCustomization($input: PublishCustomizationInput!) {
    dryRunCustomization(input: $input) {
      userErrors {
        field
        message
        line
        column
      }
      devices {
        device {
          deviceId
          name
          user {
            userName
          }
        }
        currentRevision
        needsFullSync
        reasons
        downloads {
          entity
          records
        }
      }
    }
  }
`);

/** Publishes the draft for the roles given. */
export const PublishCustomizationMutation = graphql(`
  mutation PublishCustomization($input: PublishCustomizationInput!) {
    publishCustomization(input: $input) {
      customization {
        revision
        version
      }
      userErrors {
        field
        message
        line
        column
      }
    }
  }
`);

/** Publishes a copy of an earlier revision as the newest. */
export const RollbackCustomizationMutation = graphql(`
  mutation RollbackCustomization($revision: Int!) {
    rollbackCustomization(revision: $revision) {
      customization {
        revision
      }
      userErrors {
        field
        message
      }
    }
  }
`);
