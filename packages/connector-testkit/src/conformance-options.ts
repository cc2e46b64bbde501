import type { ConnectorCapabilities } from '@fieldsync/connector-api';

/** The optional capabilities the suite gates checks on. */
export type GatedCapability = 'clientAssignedIds' | 'sharedRecords' | 'visibilityChanges' | 'fieldLevelSecurity' | 'attachments' | 'attachmentRanges';

/** How to run the conformance suite for one connector. */
export interface ConformanceOptions {
  /**
   * The optional capabilities the connector declares. A check gated on one that is false here is
   * registered as skipped, naming the capability; the suite also checks that the connector really
   * declares what is written here, so a connector cannot skip a check by omission.
   * @default every gated capability true
   */
  readonly capabilities?: Partial<Pick<ConnectorCapabilities, GatedCapability>>;
  /**
   * The backend can tell an expired anchor from `readPage` (not only from `readDeletes`).
   * @default true
   */
  readonly incrementalReadDetectsExpiredAnchors?: boolean;
  /**
   * Records seeded for the large full read; must exceed 10,000 so that paging over several
   * thousand records is proven.
   * @default 10500
   */
  readonly largeSetSize?: number;
  /**
   * The privilege depths the backend can express. `'all'`: user, business unit and organization.
   * `'ownerOrOrganization'`: a backend whose profiles grant either owner-and-sharing reach or every
   * record (Salesforce: View All / Modify All), where a business unit's reach comes from sharing and
   * is reported as `user`.
   * @default 'all'
   */
  readonly privilegeDepths?: 'all' | 'ownerOrOrganization';
  /** Timeout of each check in ms (the large-set checks get three times as much). @default 30000 */
  readonly timeoutMs?: number;
}

/** The options with their defaults applied. */
export interface ResolvedConformanceOptions {
  readonly capabilities: Readonly<Record<GatedCapability, boolean>>;
  readonly incrementalReadDetectsExpiredAnchors: boolean;
  readonly largeSetSize: number;
  readonly privilegeDepths: 'all' | 'ownerOrOrganization';
  readonly timeoutMs: number;
}

/** Applies the defaults of {@link ConformanceOptions}. */
export function resolveConformanceOptions(options: ConformanceOptions = {}): ResolvedConformanceOptions {
  const declared = options.capabilities ?? {};
  return {
    capabilities: {
      clientAssignedIds: declared.clientAssignedIds ?? true,
      sharedRecords: declared.sharedRecords ?? true,
      visibilityChanges: declared.visibilityChanges ?? true,
      fieldLevelSecurity: declared.fieldLevelSecurity ?? true,
      attachments: declared.attachments ?? true,
      attachmentRanges: declared.attachmentRanges ?? true,
    },
    incrementalReadDetectsExpiredAnchors: options.incrementalReadDetectsExpiredAnchors ?? true,
    largeSetSize: options.largeSetSize ?? 10_500,
    privilegeDepths: options.privilegeDepths ?? 'all',
    timeoutMs: options.timeoutMs ?? 30_000,
  };
}
