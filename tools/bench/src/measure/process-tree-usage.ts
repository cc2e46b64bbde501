import { readFileSync } from 'node:fs';

/** CPU and memory of one Linux process, from /proc. */
export interface ProcUsage {
  readonly cpuMs: number;
  readonly rssMb: number;
  /** The kernel's high-water mark of the resident set (VmHWM). */
  readonly peakRssMb: number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * Usage of process `pid` from /proc (Linux only): user + system CPU time and the current and peak
 * resident set. Answers undefined when the process is gone.
 */
export function procUsage(pid: number): ProcUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(after[11]) + Number(after[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
