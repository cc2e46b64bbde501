import { createGraphDocumentsConnector, type GraphDocumentsConnector, type OneDriveTarget, type SharePointTarget } from '@fieldsync/connector-graph';
import { FieldsyncError, type Clock, type EntityDocuments } from '@fieldsync/model';
import type { BridgeDocumentsOptions } from './bridge-documents-options';

/**
 * One Graph documents connector per document target (a SharePoint site and library, or a OneDrive and
 * root) named by the customizations, made on first use and kept (each keeps its drive id and token).
 */
export class GraphDocumentsPool {
  readonly #connectors = new Map<string, GraphDocumentsConnector>();

  constructor(
    readonly options: BridgeDocumentsOptions,
    readonly clock: Clock,
  ) {}

  /** The connector of an entity's `documents`; throws `DOCUMENTS_MISCONFIGURED` for a OneDrive with no user. */
  connectorFor(documents: EntityDocuments): GraphDocumentsConnector {
    const target = this.#targetOf(documents);
    const key = JSON.stringify(target);
    let connector = this.#connectors.get(key);
    if (!connector) {
      const { options } = this;
      connector = createGraphDocumentsConnector({
        credentials: { tenantId: options.tenantId, clientId: options.clientId, clientSecret: options.clientSecret },
        ...(options.authority ? { authority: options.authority } : {}),
        ...(options.graphUrl ? { graphUrl: options.graphUrl } : {}),
        ...(options.scope ? { scope: options.scope } : {}),
        ...(options.ca ? { ca: options.ca } : {}),
        clock: this.clock,
        target,
      });
      this.#connectors.set(key, connector);
    }
    return connector;
  }

  #targetOf(documents: EntityDocuments): SharePointTarget | OneDriveTarget {
    if (documents.backend === 'sharepoint') return { kind: 'sharepoint', site: documents.site, ...(documents.library ? { library: documents.library } : {}) };
    const user = documents.user ?? this.options.oneDriveUser;
    if (user === undefined)
      throw new FieldsyncError(
        'DOCUMENTS_MISCONFIGURED',
        "a OneDrive document backend needs a user: set 'user' in the entity's documents or the bridge's OneDrive user",
        {},
      );
    return { kind: 'onedrive', root: documents.root, user };
  }

  /** Closes every connector made. */
  async close(): Promise<void> {
    const connectors = [...this.#connectors.values()];
    this.#connectors.clear();
    await Promise.all(connectors.map((connector) => connector.close()));
  }
}
