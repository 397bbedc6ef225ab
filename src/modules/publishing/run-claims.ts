import { Injectable } from '@nestjs/common';
import { Coalescer } from '../../common/async/coalescer';
import { SokuConfig } from '../../config/soku-config';
import {
  AccountDirectory,
  IntegrationNotFoundError,
  type PublishCredentials,
} from '../integrations';
import type { ClaimedRun } from './claimed-run';
import { RunsRepository } from './runs.repository';

/**
 * The start of concurrent publish jobs, coalesced: their claims, their credentials reads, their
 * started marks and their connectors' state saves each go to PostgreSQL as one statement per
 * batch (Coalescer), so a worker with many jobs in flight pays about one round trip where each
 * job paid its own.
 */
@Injectable()
export class RunClaims {
  private readonly claims: Coalescer<{ runId: string; timed: boolean }, ClaimedRun | null>;
  private readonly credentialReads: Coalescer<ClaimedRun, PublishCredentials | null>;
  private readonly startedMarks: Coalescer<string, void>;
  private readonly stateSaves: Coalescer<{ runId: string; state: Record<string, unknown> }, void>;

  constructor(runs: RunsRepository, accounts: AccountDirectory, config: SokuConfig) {
    this.claims = new Coalescer(async (jobs) => {
      const timed = jobs.filter((job) => job.timed).map((job) => job.runId);
      if (timed.length > 0) {
        await runs.dispatchTimed(timed);
      }
      const runIds = jobs.map((job) => job.runId);
      const claimed = await runs.claimRuns(runIds, config.orchestration.runLeaseMs);
      const byId = new Map(claimed.map((run) => [run.id, run]));
      // Two jobs of one run in the same batch: the run is claimed once, so only one gets it.
      return runIds.map((id) => {
        const run = byId.get(id) ?? null;
        byId.delete(id);
        return run;
      });
    });
    this.credentialReads = new Coalescer((claimed) =>
      accounts.getManyPublishCredentials(
        claimed.map((run) => ({ userId: run.userId, integrationId: run.integrationId })),
      ),
    );
    this.startedMarks = new Coalescer(async (runIds) => {
      await runs.markPublishStarted(runIds);
      return runIds.map(() => undefined);
    });
    this.stateSaves = new Coalescer(async (saves) => {
      await runs.saveConnectorStates(saves);
      return saves.map(() => undefined);
    });
  }

  /**
   * queued (and due) → processing with a lease; null when another worker has it or it is done.
   * A `timed` job's run belongs to a scheduled post that skipped orchestration: the post is
   * dispatched first, if it is due and still timed (not edited, not cancelled).
   */
  claim(runId: string, timed = false): Promise<ClaimedRun | null> {
    return this.claims.submit({ runId, timed });
  }

  /** The run's account credentials, decrypted; throws as the single read does when it is gone. */
  async credentials(run: ClaimedRun): Promise<PublishCredentials> {
    const credentials = await this.credentialReads.submit(run);
    if (!credentials) {
      throw new IntegrationNotFoundError();
    }
    return credentials;
  }

  /** Recorded before the irreversible call: from here on, a lost answer means "check first". */
  markPublishStarted(runId: string): Promise<void> {
    return this.startedMarks.submit(runId);
  }

  /**
   * The connector's reversible progress (an X connector records its send time just before the
   * call): on the path to every call, so concurrent runs' saves share a statement too.
   */
  saveConnectorState(runId: string, state: Record<string, unknown>): Promise<void> {
    return this.stateSaves.submit({ runId, state });
  }
}
