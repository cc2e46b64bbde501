import { registerChangeChecks } from './checks/change-checks';
import { registerContentChecks } from './checks/content-checks';
import { registerFolderChecks } from './checks/folder-checks';
import type { DocumentsContext, DocumentsHarness, DocumentsSetup } from './documents-harness';

/** How to run the documents suite. */
export interface DocumentsConformanceOptions {
  /** Timeout of each check in ms. @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * Registers the shared `DocumentsConnector` conformance suite for one backend as a jest `describe`:
 * the record folder layout and its creation, the skipped-root warning, listing, change cursors with
 * adds, edits and deletes, a resync after a refused cursor, ranged reads, chunked uploads resumed
 * after a cut, and Retry-After honoured on the clock. Each check builds a fresh backend with `setup`.
 * The Graph connector passes it against the Graph emulator; a Google Drive or Box backend has it as a target.
 * @example describeDocumentsConformance('graph (SharePoint)', () => createGraphDocumentsHarness('sharepoint'));
 */
export function describeDocumentsConformance(name: string, setup: DocumentsSetup, options: DocumentsConformanceOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 30_000;
  describe(`${name} documents conformance`, () => {
    let current: DocumentsHarness | undefined;
    beforeEach(async () => {
      current = await setup();
    }, timeoutMs);
    afterEach(async () => {
      const harness = current;
      current = undefined;
      await harness?.teardown();
    }, timeoutMs);
    const context: DocumentsContext = {
      harness: () => {
        if (!current) throw new Error('the documents harness is only available inside a check');
        return current;
      },
      check: (title, body) => it(title, body, timeoutMs),
    };
    describe('record folders', () => registerFolderChecks(context));
    describe('changes', () => registerChangeChecks(context));
    describe('content', () => registerContentChecks(context));
  });
}
