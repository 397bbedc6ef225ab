import type { MigrationInterface } from 'typeorm';
import { Identity1764430000000 } from './1764430000000-Identity';
import { Integrations1764500000000 } from './1764500000000-Integrations';
import { CreateMedia1764550000000 } from './1764550000000-CreateMedia';
import { PostsLifecycle1764600000000 } from './1764600000000-PostsLifecycle';
import { IdempotencyAndRequestLog1764650000000 } from './1764650000000-IdempotencyAndRequestLog';
import { CreditsAndTranscription1764950000000 } from './1764950000000-CreditsAndTranscription';
import { WebhooksAutomations1764900000000 } from './1764900000000-WebhooksAutomations';
import { UserDisabled1765300000000 } from './1765300000000-UserDisabled';
import { AutomationRuns1765400000000 } from './1765400000000-AutomationRuns';
import { RunDeferredSince1766400000000 } from './1766400000000-RunDeferredSince';
import { EncryptWebhookSecrets1766700000000 } from './1766700000000-EncryptWebhookSecrets';
import { RunDeletions1769700000000 } from './1769700000000-RunDeletions';
import { PostMetrics1769800000000 } from './1769800000000-PostMetrics';
import { RunParts1769600000000 } from './1769600000000-RunParts';
import { SandboxPartMedia1770400000000 } from './1770400000000-SandboxPartMedia';
import { PostsByScheduledTime1770500000000 } from './1770500000000-PostsByScheduledTime';
import { MetricReadPauses1770700000000 } from './1770700000000-MetricReadPauses';
import { PostEventHistory1771100000000 } from './1771100000000-PostEventHistory';
import { PartConnectorState1771200000000 } from './1771200000000-PartConnectorState';
import { Profiles1771300000000 } from './1771300000000-Profiles';
import { ProfileScopedPosts1772000000000 } from './1772000000000-ProfileScopedPosts';
import { ProfileScopedWebhooks1772300000000 } from './1772300000000-ProfileScopedWebhooks';
import { ProfileScopedIdempotencyAndRequests1772400000000 } from './1772400000000-ProfileScopedIdempotencyAndRequests';
import { TimedRuns1772500000000 } from './1772500000000-TimedRuns';
import { ProfileScopedMedia1772100000000 } from './1772100000000-ProfileScopedMedia';
import { ProfileScopedIntegrations1772200000000 } from './1772200000000-ProfileScopedIntegrations';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests agree. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Identity1764430000000,
  Integrations1764500000000,
  CreateMedia1764550000000,
  PostsLifecycle1764600000000,
  IdempotencyAndRequestLog1764650000000,
  WebhooksAutomations1764900000000,
  CreditsAndTranscription1764950000000,
  UserDisabled1765300000000,
  AutomationRuns1765400000000,
  RunDeferredSince1766400000000,
  EncryptWebhookSecrets1766700000000,
  RunDeletions1769700000000,
  PostMetrics1769800000000,
  RunParts1769600000000,
  SandboxPartMedia1770400000000,
  PostsByScheduledTime1770500000000,
  MetricReadPauses1770700000000,
  PostEventHistory1771100000000,
  PartConnectorState1771200000000,
  Profiles1771300000000,
  ProfileScopedPosts1772000000000,
  ProfileScopedMedia1772100000000,
  ProfileScopedIntegrations1772200000000,
  ProfileScopedWebhooks1772300000000,
  ProfileScopedIdempotencyAndRequests1772400000000,
  TimedRuns1772500000000,
];
