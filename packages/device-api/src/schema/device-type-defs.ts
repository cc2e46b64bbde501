/**
 * The device API's GraphQL types: what a mobile app (through `@fieldsync/connector-bridge`) calls.
 * Records, schemas, filters and permissions travel as JSON in the shapes of `@fieldsync/model` and
 * `@fieldsync/connector-api`; anchors and cursors are opaque strings.
 */
export const deviceTypeDefs = /* GraphQL */ `
  "Any JSON value."
  scalar JSON

  "A problem with the input of a mutation: which field (a path such as input.roles[1].priority), what, and a stable code. Nothing was changed."
  type UserError {
    field: String
    message: String!
    code: String!
    "1-based line in the text at fault (FetchXML, BlobStoreFilter XML), when the input was text."
    line: Int
    "1-based column in that text."
    column: Int
  }

  type Query {
    "The signed-in user, business unit and organization."
    whoAmI: WhoAmI!
    "What the CRM behind this bridge can do."
    capabilities: Capabilities!
    "Entities and fields the user can see (a model Schema), all or only those named."
    describe(entities: [String!]): JSON!
    "The user's privileges (a connector-api PermissionSet)."
    permissions: JSON!
    "Counts for the sync analyzer."
    count(entity: String!, filter: JSON, since: String): EntityCounts!
    "One page of a full read (no anchor) or of the changes since an anchor. pageSize is cut to 5,000."
    readPage(entity: String!, anchor: String, fields: [String!], filter: JSON, pageSize: Int!): RecordPage!
    "Records deleted since an anchor."
    readDeletes(entity: String!, since: String!, cursor: String, pageSize: Int): DeletesPage!
    "Records shared with or taken from the user since an anchor (when capabilities.sharedRecords)."
    sharingChanges(entity: String!, since: String!, filter: JSON, fields: [String!]): SharingChanges!
    "API calls used against the CRM's limit."
    apiUsage: JSON!
    "The customization assigned to the user; parts whose hash equals the known one are left out."
    customization(known: CustomizationPartHashesInput, appVersion: String): CustomizationOffer!
  }

  type Mutation {
    "Signs in with a user name and password; with a device, the token is bound to it (device tokens cannot call admin operations)."
    signIn(input: SignInInput!): SessionPayload!
    "Swaps a refresh token for a new session; the old refresh token stops working."
    refreshSession(refreshToken: String!): SessionPayload!
    "Ends this session (its refresh token stops working)."
    signOut: Boolean!
    "Registers or updates the calling device."
    registerDevice(input: RegisterDeviceInput!): RegisterDevicePayload!
    "Applies write operations in order (creates, updates, deletes, setState, associate) and answers one result per operation."
    writeBatch(operations: JSON!, allOrNone: Boolean): [JSON!]!
    "The admin's orders for the calling device; pending commands become delivered."
    deviceControl: DeviceControl!
    "Reports a command carried out (ok) or failed."
    completeCommand(id: ID!, ok: Boolean!, message: String): CompleteCommandPayload!
    "Stores one sync's tracking record (idempotent by syncId)."
    reportSync(input: SyncTrackingInput!): ReportSyncPayload!
    "Uploads the device's sync log for one sync."
    uploadSyncLog(syncId: String!, text: String!): UploadSyncLogPayload!
    "The start of a sync in one round trip: deviceControl (pending commands become delivered), customization, whoAmI, permissions, describe and the analyzer's counts, each part checked and answered (or refused, in its error) as its own operation is."
    syncPlan(input: SyncPlanInput!): SyncPlan!
  }

  input SyncPlanCountInput {
    entity: String!
    filter: JSON
    "The entity's anchor: the counts are those of count(entity, filter, since)."
    since: String!
  }

  input SyncPlanInput {
    "As customization(known)."
    known: CustomizationPartHashesInput
    appVersion: String
    "Entities to describe; the entities the offered customization's entities part names are added (at most 1,000)."
    describe: [String!]
    "The analyzer's counts, answered in this order (at most 1,000)."
    counts: [SyncPlanCountInput!]
  }

  "Why one part of a sync plan is missing: what its own operation would have refused with."
  type SyncPlanError {
    code: String!
    message: String!
    details: JSON
  }

  type SyncPlanCount {
    counts: EntityCounts
    error: SyncPlanError
  }

  "Each part holds its value or, in its *Error field, the refusal its own operation gives."
  type SyncPlan {
    control: DeviceControl
    controlError: SyncPlanError
    customization: CustomizationOffer
    customizationError: SyncPlanError
    whoAmI: WhoAmI
    whoAmIError: SyncPlanError
    permissions: JSON
    permissionsError: SyncPlanError
    "The entities described: those asked, then those the offered customization names."
    described: [String!]!
    schema: JSON
    schemaError: SyncPlanError
    counts: [SyncPlanCount!]!
  }

  input SignInInput {
    userName: String!
    password: String!
    "The device signing in; absent for the admin console."
    deviceId: String
  }

  type Session {
    accessToken: String!
    refreshToken: String!
    "When the access token expires, ms since epoch."
    expiresAt: Float!
    userId: ID!
    deviceId: String
  }

  type SessionPayload {
    session: Session
    userErrors: [UserError!]!
  }

  input RegisterDeviceInput {
    name: String!
    os: String!
    appVersion: String!
  }

  type RegisterDevicePayload {
    device: DeviceInfo
    userErrors: [UserError!]!
  }

  "A device as it sees itself."
  type DeviceInfo {
    deviceId: String!
    name: String!
    os: String!
    appVersion: String!
    state: DeviceState!
  }

  enum DeviceState {
    active
    locked
    wiped
  }

  type WhoAmI {
    userId: ID!
    userName: String!
    businessUnitId: ID!
    organizationId: ID!
  }

  type Capabilities {
    maxBatchSize: Int!
    maxPageSize: Int!
    clientAssignedIds: Boolean!
    "The shape of record ids: guid, salesforce-id or token (see the model's RecordIdFormat); other ids are refused."
    idFormat: String!
    sharedRecords: Boolean!
    visibilityChanges: Boolean!
    fieldLevelSecurity: Boolean!
    attachments: Boolean!
    attachmentRanges: Boolean!
    deletesRetentionDays: Int!
  }

  type EntityCounts {
    matching: Int!
    changedSince: Int
    deletedSince: Int
  }

  type RemovedRecord {
    id: ID!
    "deleted, no-access or filter"
    reason: String!
  }

  type RecordPage {
    "The records (model CrmRecord objects) as a JSON list."
    records: JSON!
    "The same records as columns: { fields: [name], rows: [[id, version or null, ...values in the order of fields]], absent?: { recordIndex: [fieldIndex] } } for fields a record does not carry. Half the text of records."
    table: JSON!
    removed: [RemovedRecord!]!
    nextAnchor: String!
    done: Boolean!
  }

  type DeletedRecord {
    id: ID!
    deletedAt: String!
  }

  type DeletesPage {
    deleted: [DeletedRecord!]!
    cursor: String
  }

  type SharingChanges {
    "Records (CrmRecord) that became visible, as a JSON list."
    gained: JSON!
    lost: [ID!]!
  }

  type DeviceCommandParameters {
    entities: [String!]
    discardLocalChanges: Boolean
  }

  enum DeviceCommandKind {
    lock
    unlock
    wipe
    forceFullSync
  }

  enum DeviceCommandStatus {
    pending
    delivered
    done
    failed
  }

  type DeviceCommand {
    id: ID!
    kind: DeviceCommandKind!
    status: DeviceCommandStatus!
    issuedAt: String!
    "The user name of the admin who issued it."
    issuedBy: String!
    deliveredAt: String
    completedAt: String
    "The device's message when it reported the command done or failed."
    message: String
    parameters: DeviceCommandParameters
  }

  type ForcedFullSync {
    commandId: ID!
    issuedAt: String!
    entities: [String!]
    discardLocalChanges: Boolean!
  }

  type DeviceControl {
    state: DeviceState!
    forceFullSync: ForcedFullSync
    pendingCommands: [DeviceCommand!]!
  }

  type CompleteCommandPayload {
    command: DeviceCommand
    userErrors: [UserError!]!
  }

  input CustomizationPartHashesInput {
    entities: String!
    settings: String!
    blobStoreFilter: String!
  }

  type CustomizationPartHashes {
    entities: String!
    settings: String!
    blobStoreFilter: String!
  }

  type CustomizationParts {
    entities: JSON
    settings: JSON
    blobStoreFilter: String
  }

  type CustomizationOffer {
    version: String!
    revision: Int!
    minAppVersion: String
    partHashes: CustomizationPartHashes!
    "Only the parts whose hash differs from the known ones."
    parts: CustomizationParts!
    settingsReadOnly: Boolean!
  }

  enum SyncType {
    full
    incremental
    upload_only
    "The device applied a non-blocking sync's staged update (Apply Update): the 'updates applied' stamp."
    apply_update
  }

  "The device's Refresh Mode when it synced (seed 000's Refresh_Mode_vod): non-blocking syncs are staged and applied by Apply Update."
  enum RefreshMode {
    blocking
    non_blocking
  }

  input SyncTrackingInput {
    syncId: String!
    startedAt: String!
    endedAt: String!
    durationMs: Int!
    type: SyncType!
    success: Boolean!
    cancelled: Boolean!
    uploads: Int!
    uploadErrors: Int!
    retries: Int!
    downloaded: Int!
    error: String
    "The device's Refresh Mode when it synced; older devices leave it out."
    refreshMode: RefreshMode
    "The files of the sync's attachment and document steps, when one ran."
    files: SyncFilesInput
  }

  "The files of one sync: counts are whole numbers, never negative; bytes is a whole number (Float for files over 2 GiB). The totals, and each kind when its step ran."
  input SyncFilesInput {
    count: Int!
    bytes: Float!
    refused: Int!
    queued: Int!
    attachments: SyncFileCountsInput
    documents: SyncFileCountsInput
  }

  "The files of one kind in one sync, with the same rules as SyncFilesInput."
  input SyncFileCountsInput {
    count: Int!
    bytes: Float!
    refused: Int!
    queued: Int!
  }

  "The files of one sync's attachment and document steps: the totals, and each kind's own figures."
  type SyncFiles {
    "Files downloaded and uploaded."
    count: Int!
    "Their bytes (a whole number)."
    bytes: Float!
    "Files the BlobStoreFilter left on the server (refused or on demand)."
    refused: Int!
    "Files still queued when the sync ended (for the background step or the next sync)."
    queued: Int!
    "The attachment bodies and entity images; null when the device did not report them apart."
    attachments: SyncFileCounts
    "The record documents (SharePoint / OneDrive); null when the document step did not run."
    documents: SyncFileCounts
  }

  "The files of one kind in one sync."
  type SyncFileCounts {
    count: Int!
    bytes: Float!
    refused: Int!
    queued: Int!
  }

  type SyncTracking {
    id: ID!
    syncId: String!
    deviceId: String!
    userId: ID!
    startedAt: String!
    endedAt: String!
    durationMs: Int!
    type: SyncType!
    success: Boolean!
    cancelled: Boolean!
    uploads: Int!
    uploadErrors: Int!
    retries: Int!
    downloaded: Int!
    error: String
    "The device's Refresh Mode when it synced; null when the device did not report it."
    refreshMode: RefreshMode
    "The files of the sync's attachment and document steps; null when the device reported none."
    files: SyncFiles
  }

  type ReportSyncPayload {
    sync: SyncTracking
    userErrors: [UserError!]!
  }

  type SyncLog {
    id: ID!
    syncId: String!
    uploadedAt: String!
    "Size of the log text in bytes."
    bytes: Int!
    text: String!
  }

  type UploadSyncLogPayload {
    log: SyncLog
    userErrors: [UserError!]!
  }
`;
