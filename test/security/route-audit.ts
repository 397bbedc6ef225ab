import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { AUTH_METADATA, type AuthRequirement } from '../../src/common/auth/route-auth';

export interface MountedRoute {
  method: string;
  /** OpenAPI-style path: `/v1/posts/{id}`. */
  path: string;
  /** The route's auth decision (its AUTH_METADATA kind); undefined when it has none. */
  auth?: string;
  /** Served by a Nest controller (and so behind the global guards), not by raw Express. */
  nest: boolean;
}

export interface RouteRule {
  method: string;
  path: string;
  prefix?: boolean;
}

export interface AuditInput {
  routes: MountedRoute[];
  /** The operations of openapi.json, with their security scheme when they have one. */
  operations: { method: string; path: string; security?: string }[];
  publicRoutes: RouteRule[];
  nonApiRoutes: RouteRule[];
}

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

function toOpenApiPath(path: string): string {
  const joined = `/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:(\w+)/g, '{$1}');
}

function matches(rule: RouteRule, route: { method: string; path: string }): boolean {
  return (
    rule.method === route.method &&
    (rule.prefix ? route.path.startsWith(rule.path) : rule.path === route.path)
  );
}

/** Every handler of every Nest controller, with its path and auth decision. */
function nestRoutes(app: INestApplication): Map<string, string | undefined> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const found = new Map<string, string | undefined>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new () => object) | null;
    if (!controller) {
      continue;
    }
    const bases = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') {
        continue;
      }
      const subs = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (subs === undefined) {
        continue;
      }
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const requirement = (Reflect.getMetadata(AUTH_METADATA, handler) ??
        Reflect.getMetadata(AUTH_METADATA, controller)) as AuthRequirement | undefined;
      for (const base of bases) {
        for (const sub of [subs].flat()) {
          found.set(`${method} ${toOpenApiPath(`${base}/${sub}`)}`, requirement?.kind);
        }
      }
    }
  }
  return found;
}

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** What the app really answers: Express's router table, each route tagged from Nest's metadata. */
export function mountedRoutes(app: INestApplication): MountedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const nest = nestRoutes(app);
  const routes = new Map<string, MountedRoute>();
  for (const layer of express.router.stack) {
    if (!layer.route) {
      continue;
    }
    for (const path of [layer.route.path].flat()) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (!on || method === '_all') {
          continue;
        }
        const route = { method: method.toUpperCase(), path: toOpenApiPath(path) };
        routes.set(key(route), {
          ...route,
          nest: nest.has(key(route)),
          auth: nest.get(key(route)),
        });
      }
    }
  }
  return [...routes.values()];
}

/**
 * Everything wrong with the app's route inventory: routes with no auth decision, routes outside
 * Nest's guards that nobody declared, routes missing from the OpenAPI document (and documented
 * operations nothing serves), security that differs between code and document, and stale entries
 * in the explicit lists.
 */
export function auditRoutes(input: AuditInput): string[] {
  const problems: string[] = [];
  const operations = new Map(input.operations.map((op) => [key(op), op]));
  const mounted = new Set(input.routes.map(key));
  const isPublic = (r: MountedRoute) => input.publicRoutes.some((rule) => matches(rule, r));
  const isNonApi = (r: MountedRoute) => input.nonApiRoutes.some((rule) => matches(rule, r));

  for (const route of input.routes) {
    const op = operations.get(key(route));
    if (!route.nest && !isNonApi(route)) {
      problems.push(
        `${key(route)} is served outside Nest (no guard runs) and is not a known non-API route`,
      );
    }
    if (route.nest && route.auth === undefined && !isPublic(route)) {
      problems.push(
        `${key(route)} has no auth decision: guard it (ApiKeyAuth, IdTokenAuth, …) or list it in test/security/public-routes.ts`,
      );
    }
    if (route.nest && route.auth !== undefined && isPublic(route)) {
      problems.push(`${key(route)} is listed as public but is guarded (${route.auth})`);
    }
    if (!op && !isNonApi(route)) {
      problems.push(`${key(route)} is mounted but missing from openapi.json`);
    }
    if (op && route.nest && (op.security === undefined) !== (route.auth === undefined)) {
      problems.push(
        `${key(route)}: openapi.json says ${op.security ?? 'public'}, the code says ${route.auth ?? 'public'}`,
      );
    }
    if (op && op.security && route.auth && ['api-key', 'id-token'].includes(route.auth)) {
      if (op.security !== route.auth) {
        problems.push(
          `${key(route)}: openapi.json says ${op.security}, the code says ${route.auth}`,
        );
      }
    }
  }
  for (const op of input.operations) {
    if (!mounted.has(key(op))) {
      problems.push(`${key(op)} is in openapi.json but nothing serves it`);
    }
  }
  for (const rule of [...input.publicRoutes, ...input.nonApiRoutes]) {
    if (!input.routes.some((route) => matches(rule, route))) {
      problems.push(`${key(rule)} is listed as public or non-API but is not mounted`);
    }
  }
  return problems;
}
