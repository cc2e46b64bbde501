/**
 * The admin API's GraphQL types (Woodford-style fleet control). Every field here needs a session
 * signed in without a device by a user holding the bridge's admin role.
 */
export const adminTypeDefs = /* GraphQL */ `
  extend type Query {
    "CRM users, by user name."
    users(first: Int, after: String, search: String): UserConnection!
    "A CRM user by id, with roles and devices; null when the CRM has no such user."
    user(id: ID!): User
    "Registered devices, newest activity first."
    devices(first: Int, after: String, filter: DeviceFilter): DeviceConnection!
    device(deviceId: String!): Device
    "Published customizations, newest revision first."
    customizations: [Customization!]!
    publishedCustomization(revision: Int!): Customization
    "What changed between two revisions."
    customizationDiff(fromRevision: Int!, toRevision: Int!): CustomizationDiff!
    "Validates a customization without publishing it and tells which devices would need a full sync, and why."
    dryRunCustomization(input: PublishCustomizationInput!): DryRunPayload!
    "The bridge's settings."
    settings: [Setting!]!
  }

  extend type Mutation {
    lockDevice(deviceId: String!): DeviceCommandPayload!
    unlockDevice(deviceId: String!): DeviceCommandPayload!
    "Erases the device's data and credentials at its next contact; its tokens stop working at once."
    wipeDevice(deviceId: String!): DeviceCommandPayload!
    "Orders a full download of every entity, or of the entities named."
    forceFullSync(deviceId: String!, entities: [String!], discardLocalChanges: Boolean!): DeviceCommandPayload!
    "Validates, versions and publishes a customization for the roles given."
    publishCustomization(input: PublishCustomizationInput!): PublishCustomizationPayload!
    "Changes the settings named, all or none: any unknown name or value out of range (an integer from min to max) is a userError and nothing changes."
    updateSettings(settings: [SettingInput!]!): SettingsPayload!
  }

  type Subscription {
    "What happens to devices from now on (registrations, syncs, commands issued, delivered, completed); served as server-sent events."
    fleetEvents: FleetEvent!
  }

  enum FleetEventKind {
    registered
    synced
    commandIssued
    commandDelivered
    commandCompleted
  }

  type FleetEvent {
    kind: FleetEventKind!
    deviceId: String!
    "When, on the bridge's clock."
    at: String!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type User {
    id: ID!
    userName: String!
    fullName: String
    disabled: Boolean!
    roles: [String!]!
    devices: [Device!]!
  }

  type UserEdge {
    cursor: String!
    node: User!
  }

  type UserConnection {
    edges: [UserEdge!]!
    pageInfo: PageInfo!
  }

  input DeviceFilter {
    userId: ID
    state: DeviceState
    "Devices whose last sync (or registration, if never synced) is older than this many days."
    notSyncedForDays: Int
  }

  type Device {
    deviceId: String!
    name: String!
    os: String!
    appVersion: String!
    state: DeviceState!
    user: User!
    registeredAt: String!
    lastSeenAt: String
    lastSyncAt: String
    "Sync tracking records, newest first."
    syncs(first: Int, after: String): SyncTrackingConnection!
    "Uploaded sync logs, newest first."
    logs(first: Int): [SyncLog!]!
    "Commands issued to the device, newest first."
    commands: [DeviceCommand!]!
  }

  type DeviceEdge {
    cursor: String!
    node: Device!
  }

  type DeviceConnection {
    edges: [DeviceEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type SyncTrackingEdge {
    cursor: String!
    node: SyncTracking!
  }

  type SyncTrackingConnection {
    edges: [SyncTrackingEdge!]!
    pageInfo: PageInfo!
  }

  type DeviceCommandPayload {
    command: DeviceCommand
    device: Device
    userErrors: [UserError!]!
  }

  input RoleAssignmentInput {
    "A security role name of the CRM."
    role: String!
    "Higher wins when a user holds several roles with customizations."
    priority: Int!
  }

  input PublishCustomizationInput {
    "The customization document (entities, settings, blobStoreFilter), as validated by the model."
    content: JSON!
    roles: [RoleAssignmentInput!]!
    "The oldest app version that understands this customization (semver)."
    minAppVersion: String
    settingsReadOnly: Boolean
    "What changed, for the admin's history."
    comment: String
  }

  type RoleAssignment {
    role: String!
    priority: Int!
  }

  type Customization {
    revision: Int!
    version: String!
    content: JSON!
    partHashes: CustomizationPartHashes!
    roles: [RoleAssignment!]!
    minAppVersion: String
    settingsReadOnly: Boolean!
    comment: String
    publishedAt: String!
    publishedBy: String!
    "Validation warnings (allowed, probably unintended)."
    warnings: [UserError!]!
  }

  type PublishCustomizationPayload {
    customization: Customization
    userErrors: [UserError!]!
  }

  type EntityDiff {
    entity: String!
    fieldsAdded: [String!]!
    fieldsRemoved: [String!]!
    filterChanged: Boolean!
    "Other configuration keys that changed (conflictPolicy, pageSize, uploadOnly, attachments, forceFullSync)."
    otherChanges: [String!]!
  }

  type CustomizationDiff {
    entitiesAdded: [String!]!
    entitiesRemoved: [String!]!
    entitiesChanged: [EntityDiff!]!
    settingsChanged: [String!]!
    blobStoreFilterChanged: Boolean!
  }

  type DryRunDevice {
    device: Device!
    "The revision the device's user gets now (absent: none)."
    currentRevision: Int
    needsFullSync: Boolean!
    "Entities it would download in full."
    entities: [String!]!
    "Why, one sentence per entity or rule."
    reasons: [String!]!
  }

  type DryRunPayload {
    diff: CustomizationDiff
    devices: [DryRunDevice!]!
    userErrors: [UserError!]!
  }

  type Setting {
    name: String!
    value: JSON!
    description: String!
    "The value when none is stored."
    defaultValue: Int!
    "The smallest value updateSettings accepts."
    min: Int!
    "The largest value updateSettings accepts."
    max: Int!
  }

  input SettingInput {
    name: String!
    value: JSON!
  }

  type SettingsPayload {
    settings: [Setting!]!
    userErrors: [UserError!]!
  }
`;
