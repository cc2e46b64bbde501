/**
 * @fieldsync/connector-graph: SharePoint and OneDrive documents through Microsoft Graph, as a
 * `DocumentsConnector` (connector-api). See docs/documents.md and decision 173.
 */
export type {
  DocumentLocation,
  GraphAuthorityOptions,
  GraphCredentials,
  GraphDocumentsConfig,
  OneDriveTarget,
  SharePointTarget,
} from './config/graph-documents-config';
export { createGraphDocumentsConnector } from './connector/create-graph-documents-connector';
export { GRAPH_UPLOAD_MULTIPLE, GraphDocumentsConnector } from './connector/graph-documents-connector';
export { GraphRequestError } from './errors/graph-request-error';
export { oneDriveRecordFolder, sharePointRecordFolder } from './layout/record-folder-path';
