import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SokuMetrics } from '../../infra/metrics/soku-metrics';
import { InsufficientCreditsError } from './credits.errors';
import { CreditsRepository, type LedgerEntry } from './credits.repository';

export interface CreditsSummary {
  balance: number;
  recent: LedgerEntry[];
}

/**
 * The credit rules: every change of a balance is one ledger entry written in the same
 * transaction (the caller's, so a job and its charge commit together); a balance never goes
 * below zero. Amounts are whole credits.
 */
@Injectable()
export class CreditsService {
  constructor(
    private readonly repository: CreditsRepository,
    private readonly metrics: SokuMetrics,
  ) {}

  async grant(userId: string, amount: number, reason: string): Promise<number> {
    return this.repository.transaction((manager) =>
      this.add(manager, userId, 'grant', amount, reason, null),
    );
  }

  /** Takes exactly `amount`, or throws 402 insufficient_credits with the balance and the cost. */
  async debit(
    manager: EntityManager,
    userId: string,
    amount: number,
    reason: string,
    jobId: string,
  ): Promise<void> {
    if (amount === 0) {
      return;
    }
    const balance = await this.repository.takeExactly(manager, userId, amount);
    if (balance === null) {
      throw new InsufficientCreditsError(await this.repository.balance(userId, manager), amount);
    }
    await this.repository.append(manager, userId, {
      kind: 'debit',
      amount,
      balanceAfter: balance,
      reason,
      jobId,
    });
    this.metrics.creditsDebited.inc(amount);
  }

  /** Takes what the balance allows of `amount` (never below zero); returns what was taken. */
  async debitUpTo(
    manager: EntityManager,
    userId: string,
    amount: number,
    reason: string,
    jobId: string,
  ): Promise<number> {
    const { taken, balance } = await this.repository.takeUpTo(manager, userId, amount);
    if (taken > 0) {
      await this.repository.append(manager, userId, {
        kind: 'debit',
        amount: taken,
        balanceAfter: balance,
        reason,
        jobId,
      });
      this.metrics.creditsDebited.inc(taken);
    }
    return taken;
  }

  async refund(
    manager: EntityManager,
    userId: string,
    amount: number,
    reason: string,
    jobId: string,
  ): Promise<void> {
    if (amount > 0) {
      await this.add(manager, userId, 'refund', amount, reason, jobId);
    }
  }

  private async add(
    manager: EntityManager,
    userId: string,
    kind: 'grant' | 'refund',
    amount: number,
    reason: string,
    jobId: string | null,
  ): Promise<number> {
    const balance = await this.repository.add(manager, userId, amount);
    await this.repository.append(manager, userId, {
      kind,
      amount,
      balanceAfter: balance,
      reason,
      jobId,
    });
    return balance;
  }

  async summary(userId: string, limit: number): Promise<CreditsSummary> {
    const [balance, recent] = await Promise.all([
      this.repository.balance(userId),
      this.repository.recent(userId, limit),
    ]);
    return { balance, recent };
  }
}
