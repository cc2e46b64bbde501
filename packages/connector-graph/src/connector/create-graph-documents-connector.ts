import type { GraphDocumentsConfig } from '../config/graph-documents-config';
import { GraphDocumentsConnector } from './graph-documents-connector';

/** A {@link GraphDocumentsConnector} for a configuration (SharePoint library or OneDrive). */
export function createGraphDocumentsConnector(config: GraphDocumentsConfig): GraphDocumentsConnector {
  return new GraphDocumentsConnector(config);
}
