import { describeDocumentsConformance } from '@fieldsync/connector-testkit';
import { createGraphDocumentsHarness } from './graph-documents-harness';

// The Graph documents connector (real @microsoft/microsoft-graph-client and msal-node) against the Graph emulator over HTTPS.
describeDocumentsConformance('graph (SharePoint library)', () => createGraphDocumentsHarness('sharepoint'));
describeDocumentsConformance('graph (OneDrive)', () => createGraphDocumentsHarness('onedrive'));
