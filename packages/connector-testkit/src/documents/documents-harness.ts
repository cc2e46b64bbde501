import type { DocumentRecord, DocumentsConnector } from '@fieldsync/connector-api';
import type { ConformanceClock } from '../conformance-clock';

/** A documents backend with a connector to it, and the backdoor the suite needs to change it behind the connector's back. */
export interface DocumentsHarness {
  /** The connector under test; it waits on {@link clock}, and uploads in chunks of at most 320 KiB. */
  readonly connector: DocumentsConnector;
  readonly clock: ConformanceClock;
  /** The record folder the backend's layout gives a record, relative to its drive (what an admin sees). */
  expectedFolderPath(record: DocumentRecord): string;
  /** Whether a folder exists at a path relative to the drive root, on the backend. */
  folderExists(path: string): Promise<boolean>;
  /** Writes a file into the record's folder (path relative to it), behind the connector's back. */
  putFile(record: DocumentRecord, path: string, content: Buffer): Promise<void>;
  /** Deletes a file of the record's folder, behind the connector's back. */
  deleteFile(record: DocumentRecord, path: string): Promise<void>;
  /** Makes every change cursor given out so far unusable (Graph's 410 `resyncRequired`). */
  invalidateCursors(): void;
  /** The next `n` backend calls answer 429 with this Retry-After. */
  throttle(n: number, retryAfterSeconds: number): void;
  /** After `afterRequests` upload requests, the next one's connection is cut. */
  cutUpload(afterRequests: number): void;
  /** A connector whose configured root folder does not exist (OneDrive), or undefined when the backend has no such case. */
  connectorWithMissingRoot?(): DocumentsConnector;
  teardown(): Promise<void>;
}

/** Builds a fresh harness for one check. */
export type DocumentsSetup = () => Promise<DocumentsHarness>;

/** What the checks are given. */
export interface DocumentsContext {
  readonly harness: () => DocumentsHarness;
  readonly check: (title: string, body: () => Promise<void>) => void;
}
