import { registerAttachmentChecks } from './checks/attachment-checks';
import type { CheckOptions, ConformanceContext } from './checks/conformance-context';
import { registerConnectionChecks } from './checks/connection-checks';
import { registerDeleteChecks } from './checks/delete-checks';
import { registerDiscoveryChecks } from './checks/discovery-checks';
import { registerFullReadChecks } from './checks/full-read-checks';
import { registerIncrementalReadChecks } from './checks/incremental-read-checks';
import { registerParentalAccessChecks } from './checks/parental-access-checks';
import { registerResilienceChecks } from './checks/resilience-checks';
import { registerSecurityChecks } from './checks/security-checks';
import { registerUsageChecks } from './checks/usage-checks';
import { registerWriteChecks } from './checks/write-checks';
import type { ConformanceHarness, ConformanceSetup } from './conformance-harness';
import { resolveConformanceOptions, type ConformanceOptions } from './conformance-options';

/**
 * Registers the shared conformance suite for one connector as a jest `describe`: each check builds
 * a fresh backend with `setup` and tears it down afterwards. A connector's `conformance.spec.ts`
 * is this one call.
 * @example describeConnectorConformance('embedded', createEmbeddedConformanceHarness);
 */
export function describeConnectorConformance(name: string, setup: ConformanceSetup, options?: ConformanceOptions): void {
  const resolved = resolveConformanceOptions(options);
  describe(`${name} connector conformance`, () => {
    let current: ConformanceHarness | undefined;

    beforeEach(async () => {
      current = await setup();
    }, resolved.timeoutMs);

    afterEach(async () => {
      const harness = current;
      current = undefined;
      await harness?.teardown();
    }, resolved.timeoutMs);

    const harness = (): ConformanceHarness => {
      if (!current) throw new Error('the conformance harness is only available inside a check');
      return current;
    };
    const context: ConformanceContext = {
      options: resolved,
      harness,
      control: () => harness().control,
      connect: (user) => harness().connect(user),
      check(title: string, body: () => Promise<void>, checkOptions: CheckOptions = {}) {
        const timeout = checkOptions.large ? resolved.timeoutMs * 3 : resolved.timeoutMs;
        if (checkOptions.requires && !resolved.capabilities[checkOptions.requires]) {
          it.skip(`${title} (skipped: the connector does not declare ${checkOptions.requires})`, body, timeout);
          return;
        }
        it(title, body, timeout);
      },
    };

    describe('connection', () => registerConnectionChecks(context));
    describe('discovery', () => registerDiscoveryChecks(context));
    describe('full read', () => registerFullReadChecks(context));
    describe('incremental read', () => registerIncrementalReadChecks(context));
    describe('deletes', () => registerDeleteChecks(context));
    describe('writes', () => registerWriteChecks(context));
    describe('faults', () => registerResilienceChecks(context));
    describe('security and sharing', () => registerSecurityChecks(context));
    describe('parental children', () => registerParentalAccessChecks(context));
    describe('attachments', () => registerAttachmentChecks(context));
    describe('api usage', () => registerUsageChecks(context));
  });
}
