/** How a `files-graph-large` child process reaches the Graph emulator (in the benchmark's process). */
export interface GraphEmulatorAccess {
  readonly url: string;
  /** PEM of the emulator's self-signed certificate. */
  readonly ca: string;
  readonly tenantId: string;
  readonly authority: string;
  readonly knownAuthority: string;
  readonly authorityMetadata: string;
  readonly cloudDiscoveryMetadata: string;
  readonly scope: string;
}

/** A job of a `files-graph-large` child process: the device's download through connector-graph, or the raw GET of the baseline. */
export interface FilesGraphJob {
  readonly kind: 'device' | 'raw';
  readonly emulator: GraphEmulatorAccess;
  /** The SharePoint site (`hostname:/sites/path`) whose default library holds the file. */
  readonly site: string;
  /** The record the file belongs to, and the drive item's id. */
  readonly record: { readonly entity: string; readonly id: string; readonly name: string };
  readonly itemId: string;
  /** `raw`: the item's `@microsoft.graph.downloadUrl`. */
  readonly downloadUrl?: string;
  /** `device`: the device's files folder. */
  readonly filesDir: string;
  /** The file's size and SHA-1 (upper-case hex, Graph's `sha1Hash`): anything else fails the job. */
  readonly size: number;
  readonly sha1: string;
}

/** What a `files-graph-large` child process measured. */
export interface FilesGraphResult {
  readonly bytes: number;
  readonly elapsedMs: number;
  readonly megabytesPerSecond: number;
  /** The process's `maxRSS` at the end, MB. */
  readonly peakRssMb: number;
  /** The process's resident set right before the download (Node, tsx and the modules loaded), MB. */
  readonly startRssMb: number;
  readonly cpuMs: number;
  /** `device`: the body's chunks as the connector streamed them (each one write to the file). */
  readonly chunks?: number;
}
