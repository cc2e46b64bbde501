/** The parts of an `EntityDefinitions` row the connector reads (EntityMetadata). */
export interface EntityDefinition {
  readonly LogicalName: string;
  readonly EntitySetName?: string | null;
  readonly PrimaryIdAttribute?: string | null;
  readonly PrimaryNameAttribute?: string | null;
  readonly ChangeTrackingEnabled?: boolean | null;
  readonly SchemaName?: string | null;
  readonly IsIntersect?: boolean | null;
  readonly IsActivity?: boolean | null;
  readonly DisplayName?: { readonly UserLocalizedLabel?: { readonly Label?: string } | null } | null;
}

/** The parts of an `EntityDefinitions(…)/Attributes` row the connector reads (AttributeMetadata and its lookup cast). */
export interface AttributeDefinition {
  readonly LogicalName: string;
  /** The attribute's metadata id (what `RetrievePrincipalAttributePrivileges` names as `AttributeId`). */
  readonly MetadataId?: string | null;
  /** Under field-level security. */
  readonly IsSecured?: boolean | null;
  /** `String`, `Memo`, `Integer`, `BigInt`, `Decimal`, `Double`, `Money`, `Boolean`, `DateTime`, `Lookup`, `Customer`, `Owner`, `Picklist`, `State`, `Status`, `Uniqueidentifier`, … */
  readonly AttributeType: string;
  readonly AttributeOf?: string | null;
  readonly IsValidForCreate?: boolean | null;
  readonly IsValidForUpdate?: boolean | null;
  readonly IsValidForRead?: boolean | null;
  readonly IsPrimaryId?: boolean | null;
  readonly RequiredLevel?: { readonly Value?: string } | null;
  readonly MaxLength?: number | null;
  readonly Precision?: number | null;
  /** `DateOnly` or `DateAndTime` (DateTimeAttributeMetadata). */
  readonly Format?: string | null;
  /** Entities a lookup may point to (LookupAttributeMetadata). */
  readonly Targets?: readonly string[] | null;
  readonly DisplayName?: { readonly UserLocalizedLabel?: { readonly Label?: string } | null } | null;
}
