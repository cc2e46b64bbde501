/** One field of a describe answer (`/sobjects/{type}/describe`), the parts the connector reads. */
export interface SalesforceFieldDescribe {
  readonly name: string;
  readonly type: string;
  readonly label?: string;
  readonly length?: number;
  readonly scale?: number;
  readonly nillable?: boolean;
  readonly createable?: boolean;
  readonly updateable?: boolean;
  /** Absent in older answers: treated as readable. */
  readonly accessible?: boolean;
  readonly defaultedOnCreate?: boolean;
  readonly calculated?: boolean;
  readonly nameField?: boolean;
  readonly externalId?: boolean;
  readonly idLookup?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string | null;
  readonly cascadeDelete?: boolean;
  readonly picklistValues?: readonly { readonly value: string; readonly label?: string; readonly active?: boolean }[];
}

/** A describe answer of one sObject, the parts the connector reads. */
export interface SalesforceSObjectDescribe {
  readonly name: string;
  readonly label?: string;
  readonly keyPrefix?: string | null;
  readonly queryable?: boolean;
  readonly createable?: boolean;
  readonly updateable?: boolean;
  readonly deletable?: boolean;
  readonly replicateable?: boolean;
  readonly fields: readonly SalesforceFieldDescribe[];
  readonly childRelationships?: readonly {
    readonly childSObject: string;
    readonly field: string;
    readonly relationshipName?: string | null;
    readonly cascadeDelete?: boolean;
  }[];
}
