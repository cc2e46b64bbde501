/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query CustomizationRevisions {\n    customizations {\n      revision\n      version\n      roles {\n        role\n        priority\n      }\n      minAppVersion\n      settingsReadOnly\n      comment\n      publishedAt\n      publishedBy\n    }\n  }\n": typeof types.CustomizationRevisionsDocument,
    "\n  query CustomizationEditor($revision: Int!) {\n    publishedCustomization(revision: $revision) {\n      revision\n      draft\n      roles {\n        role\n        priority\n      }\n      minAppVersion\n      settingsReadOnly\n    }\n    customizationSettingDefinitions {\n      name\n      type\n      default\n      min\n      max\n      description\n      support\n    }\n    crmEntities {\n      name\n      fields\n    }\n  }\n": typeof types.CustomizationEditorDocument,
    "\n  query CheckCustomization($content: JSON!) {\n    checkCustomization(content: $content) {\n      userErrors {\n        field\n        message\n        code\n        line\n        column\n      }\n      warnings {\n        field\n        message\n      }\n      againstRevision\n      changes {\n        empty\n        entities {\n          entity\n          change\n          fieldsAdded\n          fieldsRemoved\n          filter {\n            before\n            after\n          }\n          options {\n            name\n            before\n            after\n          }\n        }\n        settings {\n          name\n          change\n          before\n          after\n        }\n        blobStoreFilter {\n          before\n          after\n        }\n      }\n    }\n  }\n": typeof types.CheckCustomizationDocument,
    "\n  query DryRunCustomization($input: PublishCustomizationInput!) {\n    dryRunCustomization(input: $input) {\n      userErrors {\n        field\n        message\n        line\n        column\n      }\n      devices {\n        device {\n          deviceId\n          name\n          user {\n            userName\n          }\n        }\n        currentRevision\n        needsFullSync\n        reasons\n        downloads {\n          entity\n          records\n        }\n      }\n    }\n  }\n": typeof types.DryRunCustomizationDocument,
    "\n  mutation PublishCustomization($input: PublishCustomizationInput!) {\n    publishCustomization(input: $input) {\n      customization {\n        revision\n        version\n      }\n      userErrors {\n        field\n        message\n        line\n        column\n      }\n    }\n  }\n": typeof types.PublishCustomizationDocument,
    "\n  mutation RollbackCustomization($revision: Int!) {\n    rollbackCustomization(revision: $revision) {\n      customization {\n        revision\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": typeof types.RollbackCustomizationDocument,
    "\n  query Users($first: Int!, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          fullName\n          disabled\n          roles\n          devices {\n            deviceId\n            name\n            state\n          }\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      fullName\n      disabled\n      roles\n      devices {\n        deviceId\n        name\n        os\n        appVersion\n        state\n        registeredAt\n        lastSyncAt\n      }\n    }\n  }\n": typeof types.UserDetailDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      session {\n        accessToken\n        refreshToken\n        expiresAt\n        userId\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      session {\n        accessToken\n        refreshToken\n        expiresAt\n        userId\n      }\n      userErrors {\n        message\n        code\n      }\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  query AdminCheck {\n    whoAmI {\n      userId\n      userName\n    }\n    settings {\n      name\n      value\n    }\n  }\n": typeof types.AdminCheckDocument,
    "\n  query Fleet($first: Int!, $after: String, $filter: DeviceFilter) {\n    devices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          deviceId\n          name\n          os\n          appVersion\n          state\n          lastSyncAt\n          lastSeenAt\n          user {\n            id\n            userName\n            fullName\n          }\n          syncs(first: 1) {\n            edges {\n              node {\n                id\n                success\n                cancelled\n                endedAt\n                error\n              }\n            }\n          }\n          commands {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.FleetDocument,
    "\n  query DeviceDetail($deviceId: String!) {\n    device(deviceId: $deviceId) {\n      deviceId\n      name\n      os\n      appVersion\n      state\n      registeredAt\n      lastSeenAt\n      lastSyncAt\n      user {\n        id\n        userName\n        fullName\n      }\n      syncs(first: 50) {\n        edges {\n          node {\n            id\n            syncId\n            startedAt\n            endedAt\n            durationMs\n            type\n            success\n            cancelled\n            uploads\n            uploadErrors\n            retries\n            downloaded\n            error\n            refreshMode\n            files {\n              count\n              bytes\n              refused\n              queued\n            }\n          }\n        }\n      }\n      commands {\n        id\n        kind\n        status\n        issuedAt\n        issuedBy\n        deliveredAt\n        completedAt\n        message\n        parameters {\n          entities\n          discardLocalChanges\n        }\n      }\n    }\n  }\n": typeof types.DeviceDetailDocument,
    "\n  query CustomizationEntities {\n    customizations {\n      revision\n      content\n    }\n  }\n": typeof types.CustomizationEntitiesDocument,
    "\n  mutation LockDevice($deviceId: String!) {\n    lockDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LockDeviceDocument,
    "\n  mutation UnlockDevice($deviceId: String!) {\n    unlockDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UnlockDeviceDocument,
    "\n  mutation WipeDevice($deviceId: String!) {\n    wipeDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.WipeDeviceDocument,
    "\n  mutation ForceFullSync($deviceId: String!, $entities: [String!], $discardLocalChanges: Boolean!) {\n    forceFullSync(deviceId: $deviceId, entities: $entities, discardLocalChanges: $discardLocalChanges) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ForceFullSyncDocument,
    "\n  subscription FleetEvents {\n    fleetEvents {\n      kind\n      deviceId\n      at\n    }\n  }\n": typeof types.FleetEventsDocument,
    "\n  query BridgeSettings {\n    settings {\n      name\n      value\n      description\n      defaultValue\n      min\n      max\n    }\n  }\n": typeof types.BridgeSettingsDocument,
    "\n  mutation UpdateSettings($settings: [SettingInput!]!) {\n    updateSettings(settings: $settings) {\n      settings {\n        name\n        value\n        description\n        defaultValue\n        min\n        max\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.UpdateSettingsDocument,
};
const documents: Documents = {
    "\n  query CustomizationRevisions {\n    customizations {\n      revision\n      version\n      roles {\n        role\n        priority\n      }\n      minAppVersion\n      settingsReadOnly\n      comment\n      publishedAt\n      publishedBy\n    }\n  }\n": types.CustomizationRevisionsDocument,
    "\n  query CustomizationEditor($revision: Int!) {\n    publishedCustomization(revision: $revision) {\n      revision\n      draft\n      roles {\n        role\n        priority\n      }\n      minAppVersion\n      settingsReadOnly\n    }\n    customizationSettingDefinitions {\n      name\n      type\n      default\n      min\n      max\n      description\n      support\n    }\n    crmEntities {\n      name\n      fields\n    }\n  }\n": types.CustomizationEditorDocument,
    "\n  query CheckCustomization($content: JSON!) {\n    checkCustomization(content: $content) {\n      userErrors {\n        field\n        message\n        code\n        line\n        column\n      }\n      warnings {\n        field\n        message\n      }\n      againstRevision\n      changes {\n        empty\n        entities {\n          entity\n          change\n          fieldsAdded\n          fieldsRemoved\n          filter {\n            before\n            after\n          }\n          options {\n            name\n            before\n            after\n          }\n        }\n        settings {\n          name\n          change\n          before\n          after\n        }\n        blobStoreFilter {\n          before\n          after\n        }\n      }\n    }\n  }\n": types.CheckCustomizationDocument,
    "\n  query DryRunCustomization($input: PublishCustomizationInput!) {\n    dryRunCustomization(input: $input) {\n      userErrors {\n        field\n        message\n        line\n        column\n      }\n      devices {\n        device {\n          deviceId\n          name\n          user {\n            userName\n          }\n        }\n        currentRevision\n        needsFullSync\n        reasons\n        downloads {\n          entity\n          records\n        }\n      }\n    }\n  }\n": types.DryRunCustomizationDocument,
    "\n  mutation PublishCustomization($input: PublishCustomizationInput!) {\n    publishCustomization(input: $input) {\n      customization {\n        revision\n        version\n      }\n      userErrors {\n        field\n        message\n        line\n        column\n      }\n    }\n  }\n": types.PublishCustomizationDocument,
    "\n  mutation RollbackCustomization($revision: Int!) {\n    rollbackCustomization(revision: $revision) {\n      customization {\n        revision\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": types.RollbackCustomizationDocument,
    "\n  query Users($first: Int!, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          fullName\n          disabled\n          roles\n          devices {\n            deviceId\n            name\n            state\n          }\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      fullName\n      disabled\n      roles\n      devices {\n        deviceId\n        name\n        os\n        appVersion\n        state\n        registeredAt\n        lastSyncAt\n      }\n    }\n  }\n": types.UserDetailDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      session {\n        accessToken\n        refreshToken\n        expiresAt\n        userId\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      session {\n        accessToken\n        refreshToken\n        expiresAt\n        userId\n      }\n      userErrors {\n        message\n        code\n      }\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  query AdminCheck {\n    whoAmI {\n      userId\n      userName\n    }\n    settings {\n      name\n      value\n    }\n  }\n": types.AdminCheckDocument,
    "\n  query Fleet($first: Int!, $after: String, $filter: DeviceFilter) {\n    devices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          deviceId\n          name\n          os\n          appVersion\n          state\n          lastSyncAt\n          lastSeenAt\n          user {\n            id\n            userName\n            fullName\n          }\n          syncs(first: 1) {\n            edges {\n              node {\n                id\n                success\n                cancelled\n                endedAt\n                error\n              }\n            }\n          }\n          commands {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": types.FleetDocument,
    "\n  query DeviceDetail($deviceId: String!) {\n    device(deviceId: $deviceId) {\n      deviceId\n      name\n      os\n      appVersion\n      state\n      registeredAt\n      lastSeenAt\n      lastSyncAt\n      user {\n        id\n        userName\n        fullName\n      }\n      syncs(first: 50) {\n        edges {\n          node {\n            id\n            syncId\n            startedAt\n            endedAt\n            durationMs\n            type\n            success\n            cancelled\n            uploads\n            uploadErrors\n            retries\n            downloaded\n            error\n            refreshMode\n            files {\n              count\n              bytes\n              refused\n              queued\n            }\n          }\n        }\n      }\n      commands {\n        id\n        kind\n        status\n        issuedAt\n        issuedBy\n        deliveredAt\n        completedAt\n        message\n        parameters {\n          entities\n          discardLocalChanges\n        }\n      }\n    }\n  }\n": types.DeviceDetailDocument,
    "\n  query CustomizationEntities {\n    customizations {\n      revision\n      content\n    }\n  }\n": types.CustomizationEntitiesDocument,
    "\n  mutation LockDevice($deviceId: String!) {\n    lockDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LockDeviceDocument,
    "\n  mutation UnlockDevice($deviceId: String!) {\n    unlockDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UnlockDeviceDocument,
    "\n  mutation WipeDevice($deviceId: String!) {\n    wipeDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.WipeDeviceDocument,
    "\n  mutation ForceFullSync($deviceId: String!, $entities: [String!], $discardLocalChanges: Boolean!) {\n    forceFullSync(deviceId: $deviceId, entities: $entities, discardLocalChanges: $discardLocalChanges) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ForceFullSyncDocument,
    "\n  subscription FleetEvents {\n    fleetEvents {\n      kind\n      deviceId\n      at\n    }\n  }\n": types.FleetEventsDocument,
    "\n  query BridgeSettings {\n    settings {\n      name\n      value\n      description\n      defaultValue\n      min\n      max\n    }\n  }\n": types.BridgeSettingsDocument,
    "\n  mutation UpdateSettings($settings: [SettingInput!]!) {\n    updateSettings(settings: $settings) {\n      settings {\n        name\n        value\n        description\n        defaultValue\n        min\n        max\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": types.UpdateSettingsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomizationRevisions {\n    customizations {\n      revision\n      version\n      roles {\n        role\n        priority\n      }\n      minAppVersion\n      settingsReadOnly\n      comment\n      publishedAt\n      publishedBy\n    }\n  }\n"): typeof import('./graphql').CustomizationRevisionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomizationEditor($revision: Int!) {\n    publishedCustomization(revision: $revision) {\n      revision\n      draft\n      roles {\n        role\n        priority\n      }\n      minAppVersion\n      settingsReadOnly\n    }\n    customizationSettingDefinitions {\n      name\n      type\n      default\n      min\n      max\n      description\n      support\n    }\n    crmEntities {\n      name\n      fields\n    }\n  }\n"): typeof import('./graphql').CustomizationEditorDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckCustomization($content: JSON!) {\n    checkCustomization(content: $content) {\n      userErrors {\n        field\n        message\n        code\n        line\n        column\n      }\n      warnings {\n        field\n        message\n      }\n      againstRevision\n      changes {\n        empty\n        entities {\n          entity\n          change\n          fieldsAdded\n          fieldsRemoved\n          filter {\n            before\n            after\n          }\n          options {\n            name\n            before\n            after\n          }\n        }\n        settings {\n          name\n          change\n          before\n          after\n        }\n        blobStoreFilter {\n          before\n          after\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CheckCustomizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DryRunCustomization($input: PublishCustomizationInput!) {\n    dryRunCustomization(input: $input) {\n      userErrors {\n        field\n        message\n        line\n        column\n      }\n      devices {\n        device {\n          deviceId\n          name\n          user {\n            userName\n          }\n        }\n        currentRevision\n        needsFullSync\n        reasons\n        downloads {\n          entity\n          records\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DryRunCustomizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishCustomization($input: PublishCustomizationInput!) {\n    publishCustomization(input: $input) {\n      customization {\n        revision\n        version\n      }\n      userErrors {\n        field\n        message\n        line\n        column\n      }\n    }\n  }\n"): typeof import('./graphql').PublishCustomizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackCustomization($revision: Int!) {\n    rollbackCustomization(revision: $revision) {\n      customization {\n        revision\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').RollbackCustomizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int!, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          userName\n          fullName\n          disabled\n          roles\n          devices {\n            deviceId\n            name\n            state\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      userName\n      fullName\n      disabled\n      roles\n      devices {\n        deviceId\n        name\n        os\n        appVersion\n        state\n        registeredAt\n        lastSyncAt\n      }\n    }\n  }\n"): typeof import('./graphql').UserDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) {\n      session {\n        accessToken\n        refreshToken\n        expiresAt\n        userId\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      session {\n        accessToken\n        refreshToken\n        expiresAt\n        userId\n      }\n      userErrors {\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').RefreshSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): typeof import('./graphql').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCheck {\n    whoAmI {\n      userId\n      userName\n    }\n    settings {\n      name\n      value\n    }\n  }\n"): typeof import('./graphql').AdminCheckDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Fleet($first: Int!, $after: String, $filter: DeviceFilter) {\n    devices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          deviceId\n          name\n          os\n          appVersion\n          state\n          lastSyncAt\n          lastSeenAt\n          user {\n            id\n            userName\n            fullName\n          }\n          syncs(first: 1) {\n            edges {\n              node {\n                id\n                success\n                cancelled\n                endedAt\n                error\n              }\n            }\n          }\n          commands {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').FleetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeviceDetail($deviceId: String!) {\n    device(deviceId: $deviceId) {\n      deviceId\n      name\n      os\n      appVersion\n      state\n      registeredAt\n      lastSeenAt\n      lastSyncAt\n      user {\n        id\n        userName\n        fullName\n      }\n      syncs(first: 50) {\n        edges {\n          node {\n            id\n            syncId\n            startedAt\n            endedAt\n            durationMs\n            type\n            success\n            cancelled\n            uploads\n            uploadErrors\n            retries\n            downloaded\n            error\n            refreshMode\n            files {\n              count\n              bytes\n              refused\n              queued\n            }\n          }\n        }\n      }\n      commands {\n        id\n        kind\n        status\n        issuedAt\n        issuedBy\n        deliveredAt\n        completedAt\n        message\n        parameters {\n          entities\n          discardLocalChanges\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DeviceDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomizationEntities {\n    customizations {\n      revision\n      content\n    }\n  }\n"): typeof import('./graphql').CustomizationEntitiesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LockDevice($deviceId: String!) {\n    lockDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').LockDeviceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlockDevice($deviceId: String!) {\n    unlockDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').UnlockDeviceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WipeDevice($deviceId: String!) {\n    wipeDevice(deviceId: $deviceId) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').WipeDeviceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ForceFullSync($deviceId: String!, $entities: [String!], $discardLocalChanges: Boolean!) {\n    forceFullSync(deviceId: $deviceId, entities: $entities, discardLocalChanges: $discardLocalChanges) {\n      command {\n        id\n        kind\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').ForceFullSyncDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FleetEvents {\n    fleetEvents {\n      kind\n      deviceId\n      at\n    }\n  }\n"): typeof import('./graphql').FleetEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BridgeSettings {\n    settings {\n      name\n      value\n      description\n      defaultValue\n      min\n      max\n    }\n  }\n"): typeof import('./graphql').BridgeSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($settings: [SettingInput!]!) {\n    updateSettings(settings: $settings) {\n      settings {\n        name\n        value\n        description\n        defaultValue\n        min\n        max\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateSettingsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
