import { toJson } from './hostile.ts';
import type { Req, Res } from './http.ts';
import { fieldPaths, minimalBody, setPath } from './minimal-body.ts';
import type { OpenApiDoc, Schema } from './openapi.ts';
import { classOf, type IdKind, type Role, type RouteClass } from './route-classes.ts';
import { VICTIM_MARK, type RoleName, type World } from './world.ts';

/**
 * The isolation matrix, generated from the app's route table: for every workspace-scoped route, each caller
 * role against the victim workspace's ids (in the path, through the caller's own workspace, and in bodies);
 * for every admin route, each non-admin role; for every self route, another user's keys; for every API route,
 * no key at all. Each case says what it expects; answers are also scanned for anything of the victim's.
 */
export interface Case {
  route: string;
  kind:
    | 'foreign id, own workspace'
    | 'foreign workspace'
    | 'missing workspace'
    | 'foreign id in body'
    | 'foreign id in query'
    | 'own list'
    | 'admin only'
    | 'self only'
    | 'no key'
    | 'allowed (control)';
  role: RoleName | 'anonymous';
  /** Built just before sending (some cases need a fresh Draft). */
  build(): Promise<Req>;
  expect: number[] | 'client-error' | 'allowed';
  /** A body field carrying the foreign id (for body cases). */
  field?: string;
}

const rank: Record<Role, number> = { viewer: 1, marketer: 2, admin: 3 };
const memberRole: Partial<Record<RoleName, Role>> = { wsAdmin: 'admin', marketer: 'marketer', viewer: 'viewer' };
const ATTACKERS: RoleName[] = ['wsAdmin', 'marketer', 'viewer', 'nonMember'];
const BODY_ID_FIELDS = ['parentSegmentId', 'segmentId', 'lineAccountId', 'campaignId', 'rule'];

const docPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

function bodySchema(doc: OpenApiDoc, method: string, url: string): Schema | null {
  return doc.paths[docPath(url)]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema ?? null;
}

/** The victim's resources a route's `:id` may name. */
function victimIds(w: World, id: IdKind): string[] {
  return {
    campaign: [w.victim.launchedId, w.victim.draftId],
    segment: [w.victim.segmentId],
    'test-recipient': [w.victim.testRecipientId],
    media: [w.victim.mediaId],
  }[id];
}

export function buildCases(w: World, doc: OpenApiDoc): { cases: Case[]; unclassified: string[] } {
  const cases: Case[] = [];
  const unclassified: string[] = [];
  const { home: h, victim: v } = w;
  const homeValues = (): Record<string, unknown> => ({
    parentSegmentId: h.parentSegmentId,
    segmentId: h.segmentId,
    lineAccountId: h.accountId,
    campaignId: h.launchedId,
    lineUserId: h.lineUserIds[0],
    workspaceIds: [],
    name: 'Matrix',
    email: `matrix-${Math.random().toString(36).slice(2)}@example.com`,
  });
  const victimValues: Record<string, unknown> = {
    parentSegmentId: v.parentSegmentId,
    segmentId: v.segmentId,
    lineAccountId: v.accountId,
    campaignId: v.launchedId,
    rule: { type: 'group', op: 'and', children: [{ type: 'engagement', event: 'received', campaignId: v.launchedId }] },
  };
  const req = (method: string, path: string, key: string | null, body?: unknown, contentType = 'application/json'): Req => ({
    method,
    path,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : toJson(body),
  });

  for (const { method, url } of w.routes) {
    const cls = classOf(method, url);
    if (!cls) {
      unclassified.push(`${method} ${url}`);
      continue;
    }
    const route = `${method} ${url}`;
    const schema = method === 'HEAD' ? null : bodySchema(doc, method, url);
    const body = (values: Record<string, unknown>) =>
      schema ? minimalBody(doc, schema, values) : method === 'POST' || method === 'PUT' || method === 'PATCH' ? {} : undefined;
    const fill = (ws: string, id?: string) => url.replace(':ws', ws).replace(':id', id ?? '');

    if (url.startsWith('/api/') && cls.kind !== 'public') {
      cases.push({
        route,
        kind: 'no key',
        role: 'anonymous',
        expect: [401],
        build: async () => req(method, fill(h.ws, h.launchedId), null, body(homeValues())),
      });
    }
    if (cls.kind === 'workspace') workspaceCases(cls, route, method, url);
    if (cls.kind === 'admin') {
      const id = url.includes('/line-accounts/')
        ? v.accountId
        : url.includes('/parent-segments/')
          ? v.parentSegmentId
          : url.includes('/users/')
            ? w.userIds.globalAdmin
            : v.ws;
      const isImport = url.endsWith('/import');
      const adminBody = () => (isImport ? 'customer_key\nstolen\n' : body({ ...homeValues(), isAdmin: true }));
      for (const role of ATTACKERS)
        cases.push({
          route,
          kind: 'admin only',
          role,
          expect: [403],
          build: async () => req(method, url.replace(':id', id), w.keys[role], adminBody(), isImport ? 'text/csv' : 'application/json'),
        });
    }
    if (cls.kind === 'self') selfCases(cls, route, method, url);
  }
  return { cases, unclassified };

  function workspaceCases(cls: Extract<RouteClass, { kind: 'workspace' }>, route: string, method: string, url: string) {
    const wsParam = cls.wsParam ?? 'ws';
    const path = (ws: string, id?: string) => (wsParam === 'id' ? url.replace(':id', ws) : url.replace(':ws', ws).replace(':id', id ?? ''));
    const schema = method === 'HEAD' ? null : bodySchema(doc, method, url);
    const body = (values: Record<string, unknown>) =>
      schema ? minimalBody(doc, schema, values) : method === 'GET' || method === 'HEAD' || method === 'DELETE' ? undefined : {};
    const allowedRole = (r: RoleName) => r === 'globalAdmin' || (memberRole[r] !== undefined && rank[memberRole[r]!] >= rank[cls.role]);
    // Through the caller's own workspace, naming the victim's resource.
    if (cls.id) {
      for (const id of victimIds(w, cls.id)) {
        for (const role of ['globalAdmin', ...ATTACKERS] as RoleName[]) {
          const expect = role === 'nonMember' || allowedRole(role) ? [404] : [403];
          cases.push({
            route,
            kind: 'foreign id, own workspace',
            role,
            expect,
            build: async () => req(method, path(h.ws, id), w.keys[role], body(homeValues())),
          });
        }
      }
    }
    // Through the victim's workspace: no attacker is a member there.
    const victimId = cls.id ? victimIds(w, cls.id)[0] : undefined;
    for (const role of ATTACKERS)
      cases.push({
        route,
        kind: 'foreign workspace',
        role,
        expect: [404],
        build: async () => req(method, path(v.ws, victimId), w.keys[role], body(homeValues())),
      });
    // A workspace that does not exist, named by the one caller whose role does not depend on membership.
    const ghost = '6f1c2a9e-0b7d-4e55-9c3a-1d2e3f4a5b6c';
    cases.push({
      route,
      kind: 'missing workspace',
      role: 'globalAdmin',
      expect: [404],
      build: async () => req(method, path(ghost, cls.id ? victimIds(w, cls.id)[0] : undefined), w.keys.globalAdmin, body(homeValues())),
    });
    // The caller's own workspace and resource, with one of the victim's ids in the body.
    // Requests that may change what they name get a fresh one (a hole must not spill into later cases).
    const reads = method === 'GET' || method === 'HEAD';
    const ownId = async () =>
      cls.id === 'campaign'
        ? reads
          ? h.launchedId
          : await w.freshDraft()
        : cls.id === 'segment'
          ? reads
            ? h.segmentId
            : await w.freshSegment()
          : cls.id === 'test-recipient'
            ? h.testRecipientId
            : cls.id === 'media'
              ? h.mediaId
              : undefined;
    if (schema) {
      for (const field of fieldPaths(doc, schema, BODY_ID_FIELDS)) {
        const name = field.split('.').at(-1)!;
        for (const role of (['globalAdmin', ...ATTACKERS] as RoleName[]).filter(allowedRole))
          cases.push({
            route,
            kind: 'foreign id in body',
            role,
            field,
            expect: 'client-error',
            build: async () => req(method, path(h.ws, await ownId()), w.keys[role], setPath(body(homeValues()), field, victimValues[name])),
          });
      }
    }
    // The caller's own workspace, with one of the victim's ids as a query filter: answered without its data, or refused.
    const queryIds = (doc.paths[docPath(url)]?.[method === 'HEAD' ? 'get' : method.toLowerCase()]?.parameters ?? []).filter(
      (p) => p.in === 'query' && p.name in victimValues,
    );
    for (const p of queryIds) {
      for (const role of (['globalAdmin', ...ATTACKERS] as RoleName[]).filter(allowedRole))
        cases.push({
          route,
          kind: 'foreign id in query',
          role,
          field: p.name,
          expect: [200, 400, 404],
          build: async () => req(method, `${path(h.ws, await ownId())}?${p.name}=${victimValues[p.name]}`, w.keys[role]),
        });
    }
    // Lists of the caller's own workspace: answered, and nothing of the victim's in them.
    if (!cls.id && (method === 'GET' || method === 'HEAD') && wsParam === 'ws') {
      for (const role of ['wsAdmin', 'marketer', 'viewer'] as RoleName[])
        cases.push({ route, kind: 'own list', role, expect: [200], build: async () => req(method, path(h.ws), w.keys[role]) });
    }
    // Control: the same route is reachable by its lowest allowed role with the caller's own ids.
    if (method !== 'DELETE') {
      const role = (Object.entries(memberRole).find(([, r]) => r === cls.role)?.[0] ?? 'wsAdmin') as RoleName;
      cases.push({
        route,
        kind: 'allowed (control)',
        role,
        expect: 'allowed',
        build: async () => req(method, path(h.ws, await ownId()), w.keys[role], body(homeValues())),
      });
    }
  }

  function selfCases(cls: Extract<RouteClass, { kind: 'self' }>, route: string, method: string, url: string) {
    const schema = method === 'HEAD' ? null : bodySchema(doc, method, url);
    for (const role of ATTACKERS) {
      if (cls.attack === 'key-for-another')
        cases.push({
          route,
          kind: 'self only',
          role,
          expect: [403],
          build: async () => req(method, url, w.keys[role], { userId: w.userIds.globalAdmin, name: 'stolen' }),
        });
      else if (cls.attack === 'revoke-anothers-key')
        cases.push({
          route,
          kind: 'self only',
          role,
          expect: [404],
          build: async () => req(method, url.replace(':id', w.spareKeyId), w.keys[role]),
        });
      else if (cls.attack === 'anothers-password')
        cases.push({
          route,
          kind: 'self only',
          role,
          expect: [403],
          build: async () =>
            req(method, url.replace(':id', w.userIds.globalAdmin), w.keys[role], schema ? minimalBody(doc, schema, {}) : {}),
        });
      else cases.push({ route, kind: 'self only', role, expect: [200], build: async () => req(method, url, w.keys[role]) });
    }
  }
}

/** Does an answer carry anything of the victim's that the request did not itself name? */
export function leakIn(w: World, r: Req, res: Res): string | null {
  const text = res.text;
  const secrets = [VICTIM_MARK, w.victim.channelSecret, ...w.victim.lineUserIds];
  const ids = [
    w.victim.ws,
    w.victim.accountId,
    w.victim.parentSegmentId,
    w.victim.segmentId,
    w.victim.launchedId,
    w.victim.draftId,
    w.victim.testRecipientId,
    w.victim.clickToken,
    w.victim.mediaId,
  ];
  for (const s of secrets) if (text.includes(s)) return s;
  const sent = `${r.path} ${typeof r.body === 'string' ? r.body : ''}`;
  for (const id of ids) if (text.includes(id) && !sent.includes(id)) return id;
  return null;
}

/** What a self route's answer may hold: only the caller's own user id among users, only their workspaces. */
export function selfLeak(w: World, role: RoleName, res: Res): string | null {
  const others = Object.entries(w.userIds)
    .filter(([r]) => r !== role)
    .map(([, id]) => id);
  for (const id of [...others, w.spareUserId]) if (res.text.includes(id)) return `another user's id ${id}`;
  return null;
}
