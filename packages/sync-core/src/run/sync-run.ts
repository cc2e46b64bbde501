import type { SyncResult } from '../engine/sync-result';
import type { SyncPhase, SyncPhaseName } from './sync-phase';
import { SYNC_PHASES } from './sync-phases';
import type { SyncRunContext } from './sync-run-context';
import { endingOf, endRun, type SyncRunState } from './sync-run-state';

/**
 * One sync as a sequence of phases ({@link SYNC_PHASES}): {@link step} runs the next phase and stops,
 * so a scheduler can run a sync in slices (pausing between phases); {@link run} runs it to its end.
 * A phase that ends the sync, or throws, sends the run to the report phase, which always runs last and
 * gives the {@link SyncResult}. Cancelling (`SyncOptions.signal`) stops the run at the next step of
 * the sync log, page or batch. Run it from `SyncEngine.startSync` or `SyncEngine.sync`.
 * @example for await (const phase of run) if (scheduler.shouldPause()) await scheduler.waitForTurn();
 */
export class SyncRun {
  private state: SyncRunState;
  private index = 0;
  private finished = false;

  /** @param onEnd Called once when the report phase ended (or failed): the engine's sync is over. */
  constructor(
    private readonly ctx: SyncRunContext,
    initial: SyncRunState,
    private readonly onEnd: () => void = () => undefined,
    private readonly phases: readonly SyncPhase[] = SYNC_PHASES,
  ) {
    this.state = initial;
  }

  /** The device's id of this sync (a UUID). */
  get syncId(): string {
    return this.ctx.syncId;
  }

  /** The phase {@link step} runs next; undefined once the run ended. */
  get next(): SyncPhaseName | undefined {
    return this.finished ? undefined : this.phases[this.index]?.name;
  }

  /** True once the report phase ran. */
  get done(): boolean {
    return this.finished;
  }

  /** The run's state after the last phase that ran. */
  get current(): SyncRunState {
    return this.state;
  }

  /** The sync's result; undefined until the run ended. */
  get result(): SyncResult | undefined {
    return this.state.result;
  }

  /**
   * Runs the next phase and returns its name (undefined when the run had ended). A failure of the sync
   * never throws: it ends the run, and the report phase states it. Throws only when the report itself
   * cannot be made (its error ends the run).
   */
  async step(): Promise<SyncPhaseName | undefined> {
    const phase = this.finished ? undefined : this.phases[this.index];
    if (!phase) return undefined;
    if (phase.name === 'report') {
      try {
        this.state = await phase.run(this.ctx, this.state);
      } finally {
        this.finished = true;
        this.onEnd();
      }
      return phase.name;
    }
    try {
      this.state = await phase.run(this.ctx, this.state);
    } catch (error) {
      this.state = endRun(this.state, endingOf(error, this.ctx.channel !== undefined));
    }
    this.index = this.state.ending ? this.phases.findIndex((candidate) => candidate.name === 'report') : this.index + 1;
    return phase.name;
  }

  /** Runs the remaining phases and returns the result. */
  async run(): Promise<SyncResult> {
    while (!this.finished) await this.step();
    return this.state.result as SyncResult;
  }

  /** Runs the remaining phases one at a time, yielding each phase's name after it ran. */
  async *[Symbol.asyncIterator](): AsyncGenerator<SyncPhaseName, void, undefined> {
    for (let name = await this.step(); name !== undefined; name = await this.step()) yield name;
  }
}
