import { Injectable } from '@nestjs/common';
import type { Scope } from '../../common/auth/route-auth';
import { type FieldProblem, ValidationFailedError } from '../../common/errors';
import type { ListPageQuery } from '../../common/pagination/list-page.query';
import { fetchPage } from '../../common/pagination/page';
import { normalizePlatform } from '../../common/platforms';
import { AccountDirectory } from '../integrations';
import { MissingIntegrationsError } from '../posts';
import { parseTargets, type TargetRequest } from '../posts';
import { resolveTargets } from '../posts';
import { TemplatesService } from '../templates';
import type {
  AutomationTriggerDto,
  CreateAutomationDto,
  ListAutomationRunsQuery,
  UpdateAutomationDto,
} from './dto/automation-requests.dto';
import type {
  AutomationDto,
  AutomationListDto,
  AutomationRunDto,
  AutomationRunListDto,
} from './dto/automation-responses.dto';
import { AutomationNotFoundError, WebhooksService } from '../webhooks';
import { type AutomationAction, parseAction } from './automation-action';
import type { Automation, AutomationRun } from './automation-run';
import { type AutomationFields, AutomationsRepository } from './automations.repository';
import { isUuid } from '../../common/validation/uuid';

/** Automation rules: CRUD in the owner's profile, with actions checked against what exists there. */
@Injectable()
export class AutomationsService {
  constructor(
    private readonly automations: AutomationsRepository,
    private readonly webhooks: WebhooksService,
    private readonly templates: TemplatesService,
    private readonly accounts: AccountDirectory,
  ) {}

  async create(scope: Scope, body: CreateAutomationDto): Promise<AutomationDto> {
    const action = await this.checkedAction(scope, body.action);
    await this.checkNamedAccounts(scope, body.trigger, action);
    const row = await this.automations.create(scope, {
      name: body.name,
      enabled: body.enabled ?? true,
      ...triggerFields(body.trigger),
      action,
    });
    return toAutomationDto(row);
  }

  async list(scope: Scope, query: ListPageQuery): Promise<AutomationListDto> {
    return fetchPage(
      query,
      (rows, before) => this.automations.listForUser(scope, rows, before),
      toAutomationDto,
    );
  }

  async get(scope: Scope, id: string): Promise<AutomationDto> {
    return toAutomationDto(await this.find(scope, id));
  }

  async update(scope: Scope, id: string, body: UpdateAutomationDto): Promise<AutomationDto> {
    await this.find(scope, id);
    const action =
      body.action !== undefined ? await this.checkedAction(scope, body.action) : undefined;
    await this.checkNamedAccounts(scope, body.trigger, action);
    const patch: Partial<AutomationFields> = {
      name: body.name,
      enabled: body.enabled,
      ...(body.trigger ? triggerFields(body.trigger) : {}),
      ...(action ? { action } : {}),
    };
    await this.automations.update(scope, id, patch);
    return this.get(scope, id);
  }

  async remove(scope: Scope, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.automations.delete(scope, id))) {
      throw new AutomationNotFoundError();
    }
  }

  async runs(
    scope: Scope,
    id: string,
    query: ListAutomationRunsQuery,
  ): Promise<AutomationRunListDto> {
    await this.find(scope, id);
    return fetchPage(
      query,
      (rows, before) =>
        this.automations.listRuns(scope, id, { status: query.status, limit: rows, before }),
      toRunDto,
    );
  }

  private async find(scope: Scope, id: string): Promise<Automation> {
    const row = isUuid(id) ? await this.automations.findForUser(scope, id) : null;
    if (!row) {
      throw new AutomationNotFoundError();
    }
    return row;
  }

  /**
   * Every account named by `accountId` (trigger or action target) must be one of the profile's,
   * refused as POST /v1/posts refuses it. A platform named alone may be connected later.
   */
  private async checkNamedAccounts(
    scope: Scope,
    trigger: AutomationTriggerDto | undefined,
    action: AutomationAction | undefined,
  ): Promise<void> {
    const named: TargetRequest[] = [];
    if (trigger?.accountId !== undefined) {
      const platform = normalizePlatform(trigger.platform)!;
      named.push({ platform, accountId: trigger.accountId, field: 'body.trigger' });
    }
    if (action && action.type !== 'webhook') {
      const { targets } = parseTargets(action.platform, 'body.action.platform');
      named.push(...targets.filter((target) => target.accountId !== undefined));
    }
    if (named.length === 0) {
      return;
    }
    const platforms = [...new Set(named.map((target) => target.platform))];
    const { missing } = resolveTargets(named, await this.accounts.listAccounts(scope, platforms));
    // An account that must be reconnected is still the user's.
    const notTheirs = missing.filter((target) => target.reason !== 'needs_reauth');
    if (notTheirs.length > 0) {
      throw new MissingIntegrationsError(notTheirs);
    }
  }

  /** The action, its template and webhook existing (the pipe has checked its shape). */
  private async checkedAction(scope: Scope, raw: unknown): Promise<AutomationAction> {
    const { action, problems } = parseAction(raw, 'body.action');
    if (!action) {
      throw new ValidationFailedError(problems);
    }
    const missing: FieldProblem[] = [];
    if (action.type === 'webhook') {
      const endpoint = isUuid(action.webhookId)
        ? await this.webhooks.endpointOf(scope, action.webhookId)
        : null;
      if (!endpoint) {
        missing.push({
          field: 'body.action.webhookId',
          message: 'No such webhook: create it with POST /v1/webhooks first',
          code: 'not_found',
          received: action.webhookId,
        });
      }
    }
    if (action.type === 'repurpose' && action.transform === 'template') {
      const slugs = this.templates.catalog().map((template) => template.slug);
      if (!slugs.includes(action.templateSlug)) {
        missing.push({
          field: 'body.action.templateSlug',
          message: `No such template: use one of ${slugs.join(', ')}`,
          code: 'not_found',
          received: action.templateSlug,
        });
      }
    }
    if (missing.length > 0) {
      throw new ValidationFailedError(missing);
    }
    return action;
  }
}

function triggerFields(
  trigger: AutomationTriggerDto,
): Pick<AutomationFields, 'triggerPlatform' | 'triggerAccountId' | 'onlyRepurposing'> {
  return {
    triggerPlatform: normalizePlatform(trigger.platform)!,
    triggerAccountId: trigger.accountId ?? null,
    onlyRepurposing: trigger.requireEnableRepurposing ?? false,
  };
}

function toAutomationDto(row: Automation): AutomationDto {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: {
      event: 'post.published',
      platform: row.triggerPlatform,
      accountId: row.triggerAccountId,
      requireEnableRepurposing: row.onlyRepurposing,
    },
    action: row.action,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toRunDto(row: AutomationRun): AutomationRunDto {
  return {
    id: row.id,
    automationId: row.automationId,
    status: row.status,
    eventId: row.eventId,
    originSubmissionId: row.originSubmissionId,
    originRunId: row.originRunId,
    submissionId: row.submissionId,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
