/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ChangeKind =
  | 'added'
  | 'changed'
  | 'removed';

export type DeviceCommandKind =
  | 'forceFullSync'
  | 'lock'
  | 'unlock'
  | 'wipe';

export type DeviceCommandStatus =
  | 'delivered'
  | 'done'
  | 'failed'
  | 'pending';

export type DeviceFilter = {
  /** Devices whose last sync (or registration, if never synced) is older than this many days. */
  notSyncedForDays?: number | null | undefined;
  state?: DeviceState | null | undefined;
  userId?: string | number | null | undefined;
};

export type DeviceState =
  | 'active'
  | 'locked'
  | 'wiped';

export type FleetEventKind =
  | 'commandCompleted'
  | 'commandDelivered'
  | 'commandIssued'
  | 'registered'
  | 'synced';

export type PublishCustomizationInput = {
  /** What changed, for the admin's history. */
  comment?: string | null | undefined;
  /** The customization document (entities, settings, blobStoreFilter), as validated by the model. */
  content: unknown;
  /** The oldest app version that understands this customization (semver). */
  minAppVersion?: string | null | undefined;
  roles: Array<RoleAssignmentInput>;
  settingsReadOnly?: boolean | null | undefined;
};

/** The device's Refresh Mode when it synced (seed 000's Refresh_Mode_vod): non-blocking syncs are staged and applied by Apply Update. */
export type RefreshMode =
  | 'blocking'
  | 'non_blocking';

export type RoleAssignmentInput = {
  /** Higher wins when a user holds several roles with customizations. */
  priority: number;
  /** A security role name of the CRM. */
  role: string;
};

export type SettingInput = {
  name: string;
  value: unknown;
};

export type SettingType =
  | 'bool'
  | 'int';

export type SignInInput = {
  /** The device signing in; absent for the admin console. */
  deviceId?: string | null | undefined;
  password: string;
  userName: string;
};

export type SyncType =
  /** The device applied a non-blocking sync's staged update (Apply Update): the 'updates applied' stamp. */
  | 'apply_update'
  | 'full'
  | 'incremental'
  | 'upload_only';

export type CustomizationRevisionsQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomizationRevisionsQuery = { customizations: Array<{ revision: number, version: string, minAppVersion: string | null, settingsReadOnly: boolean, comment: string | null, publishedAt: string, publishedBy: string, roles: Array<{ role: string, priority: number }> }> };

export type CustomizationEditorQueryVariables = Exact<{
  revision: number;
}>;


export type CustomizationEditorQuery = { publishedCustomization: { revision: number, draft: unknown, minAppVersion: string | null, settingsReadOnly: boolean, roles: Array<{ role: string, priority: number }> } | null, customizationSettingDefinitions: Array<{ name: string, type: SettingType, default: unknown, min: number | null, max: number | null, description: string, support: string }>, crmEntities: Array<{ name: string, fields: Array<string> }> };

export type CheckCustomizationQueryVariables = Exact<{
  content: unknown;
}>;


export type CheckCustomizationQuery = { checkCustomization: { againstRevision: number | null, userErrors: Array<{ field: string | null, message: string, code: string, line: number | null, column: number | null }>, warnings: Array<{ field: string | null, message: string }>, changes: { empty: boolean, entities: Array<{ entity: string, change: ChangeKind, fieldsAdded: Array<string>, fieldsRemoved: Array<string>, filter: { before: string | null, after: string | null } | null, options: Array<{ name: string, before: unknown, after: unknown }> }>, settings: Array<{ name: string, change: ChangeKind, before: unknown, after: unknown }>, blobStoreFilter: { before: string | null, after: string | null } | null } | null } };

export type DryRunCustomizationQueryVariables = Exact<{
  input: PublishCustomizationInput;
}>;


export type DryRunCustomizationQuery = { dryRunCustomization: { userErrors: Array<{ field: string | null, message: string, line: number | null, column: number | null }>, devices: Array<{ currentRevision: number | null, needsFullSync: boolean, reasons: Array<string>, device: { deviceId: string, name: string, user: { userName: string } }, downloads: Array<{ entity: string, records: number }> }> } };

export type PublishCustomizationMutationVariables = Exact<{
  input: PublishCustomizationInput;
}>;


export type PublishCustomizationMutation = { publishCustomization: { customization: { revision: number, version: string } | null, userErrors: Array<{ field: string | null, message: string, line: number | null, column: number | null }> } };

export type RollbackCustomizationMutationVariables = Exact<{
  revision: number;
}>;


export type RollbackCustomizationMutation = { rollbackCustomization: { customization: { revision: number } | null, userErrors: Array<{ field: string | null, message: string }> } };

export type UsersQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type UsersQuery = { users: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, userName: string, fullName: string | null, disabled: boolean, roles: Array<string>, devices: Array<{ deviceId: string, name: string, state: DeviceState }> } }> } };

export type UserDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type UserDetailQuery = { user: { id: string, userName: string, fullName: string | null, disabled: boolean, roles: Array<string>, devices: Array<{ deviceId: string, name: string, os: string, appVersion: string, state: DeviceState, registeredAt: string, lastSyncAt: string | null }> } | null };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { session: { accessToken: string, refreshToken: string, expiresAt: number, userId: string } | null, userErrors: Array<{ field: string | null, message: string, code: string }> } };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession: { session: { accessToken: string, refreshToken: string, expiresAt: number, userId: string } | null, userErrors: Array<{ message: string, code: string }> } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type AdminCheckQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminCheckQuery = { whoAmI: { userId: string, userName: string }, settings: Array<{ name: string, value: unknown }> };

export type FleetQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: DeviceFilter | null | undefined;
}>;


export type FleetQuery = { devices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { deviceId: string, name: string, os: string, appVersion: string, state: DeviceState, lastSyncAt: string | null, lastSeenAt: string | null, user: { id: string, userName: string, fullName: string | null }, syncs: { edges: Array<{ node: { id: string, success: boolean, cancelled: boolean, endedAt: string, error: string | null } }> }, commands: Array<{ id: string, status: DeviceCommandStatus }> } }> } };

export type DeviceDetailQueryVariables = Exact<{
  deviceId: string;
}>;


export type DeviceDetailQuery = { device: { deviceId: string, name: string, os: string, appVersion: string, state: DeviceState, registeredAt: string, lastSeenAt: string | null, lastSyncAt: string | null, user: { id: string, userName: string, fullName: string | null }, syncs: { edges: Array<{ node: { id: string, syncId: string, startedAt: string, endedAt: string, durationMs: number, type: SyncType, success: boolean, cancelled: boolean, uploads: number, uploadErrors: number, retries: number, downloaded: number, error: string | null, refreshMode: RefreshMode | null, files: { count: number, bytes: number, refused: number, queued: number } | null } }> }, commands: Array<{ id: string, kind: DeviceCommandKind, status: DeviceCommandStatus, issuedAt: string, issuedBy: string, deliveredAt: string | null, completedAt: string | null, message: string | null, parameters: { entities: Array<string> | null, discardLocalChanges: boolean | null } | null }> } | null };

export type CustomizationEntitiesQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomizationEntitiesQuery = { customizations: Array<{ revision: number, content: unknown }> };

export type LockDeviceMutationVariables = Exact<{
  deviceId: string;
}>;


export type LockDeviceMutation = { lockDevice: { command: { id: string, kind: DeviceCommandKind, status: DeviceCommandStatus } | null, userErrors: Array<{ field: string | null, message: string, code: string }> } };

export type UnlockDeviceMutationVariables = Exact<{
  deviceId: string;
}>;


export type UnlockDeviceMutation = { unlockDevice: { command: { id: string, kind: DeviceCommandKind, status: DeviceCommandStatus } | null, userErrors: Array<{ field: string | null, message: string, code: string }> } };

export type WipeDeviceMutationVariables = Exact<{
  deviceId: string;
}>;


export type WipeDeviceMutation = { wipeDevice: { command: { id: string, kind: DeviceCommandKind, status: DeviceCommandStatus } | null, userErrors: Array<{ field: string | null, message: string, code: string }> } };

export type ForceFullSyncMutationVariables = Exact<{
  deviceId: string;
  entities?: Array<string> | string | null | undefined;
  discardLocalChanges: boolean;
}>;


export type ForceFullSyncMutation = { forceFullSync: { command: { id: string, kind: DeviceCommandKind, status: DeviceCommandStatus } | null, userErrors: Array<{ field: string | null, message: string, code: string }> } };

export type FleetEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type FleetEventsSubscription = { fleetEvents: { kind: FleetEventKind, deviceId: string, at: string } };

export type BridgeSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type BridgeSettingsQuery = { settings: Array<{ name: string, value: unknown, description: string, defaultValue: number, min: number, max: number }> };

export type UpdateSettingsMutationVariables = Exact<{
  settings: Array<SettingInput> | SettingInput;
}>;


export type UpdateSettingsMutation = { updateSettings: { settings: Array<{ name: string, value: unknown, description: string, defaultValue: number, min: number, max: number }>, userErrors: Array<{ field: string | null, code: string, message: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const CustomizationRevisionsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CustomizationRevisionsQuery, CustomizationRevisionsQueryVariables>;
export const CustomizationEditorDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CustomizationEditorQuery, CustomizationEditorQueryVariables>;
export const CheckCustomizationDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CheckCustomizationQuery, CheckCustomizationQueryVariables>;
export const DryRunCustomizationDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DryRunCustomizationQuery, DryRunCustomizationQueryVariables>;
export const PublishCustomizationDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<PublishCustomizationMutation, PublishCustomizationMutationVariables>;
export const RollbackCustomizationDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RollbackCustomizationMutation, RollbackCustomizationMutationVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int!, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        userName
        fullName
        disabled
        roles
        devices {
          deviceId
          name
          state
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const UserDetailDocument = new TypedDocumentString(`
    query UserDetail($id: ID!) {
  user(id: $id) {
    id
    userName
    fullName
    disabled
    roles
    devices {
      deviceId
      name
      os
      appVersion
      state
      registeredAt
      lastSyncAt
    }
  }
}
    `) as unknown as TypedDocumentString<UserDetailQuery, UserDetailQueryVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    session {
      accessToken
      refreshToken
      expiresAt
      userId
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    session {
      accessToken
      refreshToken
      expiresAt
      userId
    }
    userErrors {
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const AdminCheckDocument = new TypedDocumentString(`
    query AdminCheck {
  whoAmI {
    userId
    userName
  }
  settings {
    name
    value
  }
}
    `) as unknown as TypedDocumentString<AdminCheckQuery, AdminCheckQueryVariables>;
export const FleetDocument = new TypedDocumentString(`
    query Fleet($first: Int!, $after: String, $filter: DeviceFilter) {
  devices(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        deviceId
        name
        os
        appVersion
        state
        lastSyncAt
        lastSeenAt
        user {
          id
          userName
          fullName
        }
        syncs(first: 1) {
          edges {
            node {
              id
              success
              cancelled
              endedAt
              error
            }
          }
        }
        commands {
          id
          status
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<FleetQuery, FleetQueryVariables>;
export const DeviceDetailDocument = new TypedDocumentString(`
    query DeviceDetail($deviceId: String!) {
  device(deviceId: $deviceId) {
    deviceId
    name
    os
    appVersion
    state
    registeredAt
    lastSeenAt
    lastSyncAt
    user {
      id
      userName
      fullName
    }
    syncs(first: 50) {
      edges {
        node {
          id
          syncId
          startedAt
          endedAt
          durationMs
          type
          success
          cancelled
          uploads
          uploadErrors
          retries
          downloaded
          error
          refreshMode
          files {
            count
            bytes
            refused
            queued
          }
        }
      }
    }
    commands {
      id
      kind
      status
      issuedAt
      issuedBy
      deliveredAt
      completedAt
      message
      parameters {
        entities
        discardLocalChanges
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DeviceDetailQuery, DeviceDetailQueryVariables>;
export const CustomizationEntitiesDocument = new TypedDocumentString(`
    query CustomizationEntities {
  customizations {
    revision
    content
  }
}
    `) as unknown as TypedDocumentString<CustomizationEntitiesQuery, CustomizationEntitiesQueryVariables>;
export const LockDeviceDocument = new TypedDocumentString(`
    mutation LockDevice($deviceId: String!) {
  lockDevice(deviceId: $deviceId) {
    command {
      id
      kind
      status
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<LockDeviceMutation, LockDeviceMutationVariables>;
export const UnlockDeviceDocument = new TypedDocumentString(`
    mutation UnlockDevice($deviceId: String!) {
  unlockDevice(deviceId: $deviceId) {
    command {
      id
      kind
      status
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<UnlockDeviceMutation, UnlockDeviceMutationVariables>;
export const WipeDeviceDocument = new TypedDocumentString(`
    mutation WipeDevice($deviceId: String!) {
  wipeDevice(deviceId: $deviceId) {
    command {
      id
      kind
      status
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<WipeDeviceMutation, WipeDeviceMutationVariables>;
export const ForceFullSyncDocument = new TypedDocumentString(`
    mutation ForceFullSync($deviceId: String!, $entities: [String!], $discardLocalChanges: Boolean!) {
  forceFullSync(
    deviceId: $deviceId
    entities: $entities
    discardLocalChanges: $discardLocalChanges
  ) {
    command {
      id
      kind
      status
    }
    userErrors {
      field
      message
      code
    }
  }
}
    `) as unknown as TypedDocumentString<ForceFullSyncMutation, ForceFullSyncMutationVariables>;
export const FleetEventsDocument = new TypedDocumentString(`
    subscription FleetEvents {
  fleetEvents {
    kind
    deviceId
    at
  }
}
    `) as unknown as TypedDocumentString<FleetEventsSubscription, FleetEventsSubscriptionVariables>;
export const BridgeSettingsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<BridgeSettingsQuery, BridgeSettingsQueryVariables>;
export const UpdateSettingsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<UpdateSettingsMutation, UpdateSettingsMutationVariables>;