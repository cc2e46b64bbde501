import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { SchedulerMemory, SchedulerMemoryState } from '@fieldsync/sync-core';

/** The file beside a device database where `device watch` keeps its scheduler's memory. */
export function schedulerMemoryFile(databaseFile: string): string {
  return `${databaseFile}.scheduler.json`;
}

/**
 * A {@link SchedulerMemory} in a JSON file beside the device database: the day of the last daily
 * sync, "current as of" and a paused run outlive the process, so the next `device watch` resumes it.
 * A missing or unreadable file is an empty memory.
 */
export function createFileSchedulerMemory(databaseFile: string): SchedulerMemory {
  const file = schedulerMemoryFile(databaseFile);
  return {
    async load(): Promise<SchedulerMemoryState> {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        return parsed !== null && typeof parsed === 'object' ? (parsed as SchedulerMemoryState) : {};
      } catch {
        return {};
      }
    },
    async save(state: SchedulerMemoryState): Promise<void> {
      if (Object.keys(state).length === 0) rmSync(file, { force: true });
      else writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
    },
  };
}
