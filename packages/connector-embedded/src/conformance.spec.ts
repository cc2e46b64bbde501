import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createEmbeddedConformanceHarness } from './testing';
describeConnectorConformance('embedded', createEmbeddedConformanceHarness);
