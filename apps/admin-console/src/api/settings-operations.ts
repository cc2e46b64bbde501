import { graphql } from '../gql';

/** The bridge's run-time settings with their defaults and bounds. */
export const BridgeSettingsQuery = graphql(`
  query BridgeSettings {
    settings {
      name
      value
      description
      defaultValue
      min
      max
    }
  }
`);

/** Changes the settings given, all or none; `userErrors` name each input at fault by its index. */
export const UpdateSettingsMutation = graphql(`
  mutation UpdateSettings($settings: [SettingInput!]!) {
    updateSettings(settings: $settings) {
      settings {
        name
        value
        description
        defaultValue
        min
        max
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
