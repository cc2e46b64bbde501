import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createEmbeddedConformanceHarness } from './embedded-conformance-harness';
describeConnectorConformance('embedded', createEmbeddedConformanceHarness);
