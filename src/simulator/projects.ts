import type { HexProject, HexProjectList } from '../hex/types.js';
import { parseBooleanParam, parseEnumParam, parseIntegerParam, type ParamResult } from './query-params.js';
import type { SimProject } from './types.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORT_FIELDS = ['CREATED_AT', 'LAST_EDITED_AT', 'LAST_PUBLISHED_AT'] as const;
const SORT_DIRECTIONS = ['DESC', 'ASC'] as const;
const SIMULATED_EMAIL = 'simulator@example.com';

interface StoredProject {
  project: SimProject;
  /** Real-clock time the project was added, unique per project so that sorting is stable. */
  createdAtMs: number;
}

/** Validates a project definition, throwing a TypeError that names the bad field. */
export function validateProject(value: unknown): SimProject {
  if (typeof value !== 'object' || value === null) throw new TypeError('A project must be an object.');
  const project = value as Record<string, unknown>;
  if (typeof project.projectId !== 'string' || !UUID_PATTERN.test(project.projectId)) {
    throw new TypeError(`Invalid projectId ${JSON.stringify(project.projectId)}: expected a uuid.`);
  }
  if (typeof project.title !== 'string') throw new TypeError('Invalid project title: expected a string.');
  if (project.outcomes !== undefined) {
    const outcomes = project.outcomes;
    const valid =
      Array.isArray(outcomes) &&
      outcomes.every((outcome: unknown) => {
        if (typeof outcome !== 'object' || outcome === null) return false;
        const { status, pendingMs, runningMs } = outcome as Record<string, unknown>;
        const durationsValid = [pendingMs, runningMs].every(
          (ms) => ms === undefined || (typeof ms === 'number' && ms >= 0)
        );
        return typeof status === 'string' && durationsValid;
      });
    if (!valid) throw new TypeError('Invalid project outcomes: expected [{status, pendingMs?, runningMs?}].');
  }
  if (project.inputs !== undefined) {
    const types = ['string', 'number', 'boolean', 'date'];
    const inputs = project.inputs;
    const valid =
      typeof inputs === 'object' &&
      inputs !== null &&
      Object.values(inputs).every((type: unknown) => typeof type === 'string' && types.includes(type));
    if (!valid) throw new TypeError(`Invalid project inputs: expected names mapped to ${types.join(', ')}.`);
  }
  return value as SimProject;
}

/** Projects the simulator serves, with their `ProjectApiResource` form and cursor paging. */
export class ProjectRegistry {
  private readonly projectsById = new Map<string, StoredProject>();
  private lastCreatedAtMs = 0;

  /** Adds a project, or replaces the one with the same id while keeping its creation time. */
  add(project: SimProject): void {
    const existing = this.projectsById.get(project.projectId);
    const createdAtMs = existing?.createdAtMs ?? Math.max(Date.now(), this.lastCreatedAtMs + 1);
    this.lastCreatedAtMs = Math.max(this.lastCreatedAtMs, createdAtMs);
    this.projectsById.set(project.projectId, { project: validateProject(project), createdAtMs });
  }

  get(projectId: string): SimProject | undefined {
    return this.projectsById.get(projectId)?.project;
  }

  all(): SimProject[] {
    return [...this.projectsById.values()].map((stored) => stored.project);
  }

  resource(projectId: string, includeSharing: boolean): HexProject | undefined {
    const stored = this.projectsById.get(projectId);
    return stored === undefined ? undefined : toResource(stored, includeSharing);
  }

  /**
   * Lists projects for `GET /v1/projects`. Cursors are opaque strings that name the first or last project of a page.
   * A project's edit and publish times equal its creation time, so every `sortBy` gives the same order.
   */
  list(params: URLSearchParams): ParamResult<HexProjectList> {
    const limit = parseIntegerParam(params, 'limit', { min: 1, max: 100, default: 25 });
    if (!limit.ok) return limit;
    const sortBy = parseEnumParam(params, 'sortBy', SORT_FIELDS);
    if (!sortBy.ok) return sortBy;
    const sortDirection = parseEnumParam(params, 'sortDirection', SORT_DIRECTIONS);
    if (!sortDirection.ok) return sortDirection;
    const includeSharing = parseBooleanParam(params, 'includeSharing');
    if (!includeSharing.ok) return includeSharing;
    for (const name of ['includeArchived', 'includeComponents', 'includeTrashed']) {
      const flag = parseBooleanParam(params, name);
      if (!flag.ok) return flag;
    }
    const after = params.get('after') || undefined;
    const before = params.get('before') || undefined;
    if (after !== undefined && before !== undefined) {
      return { ok: false, details: 'Query parameters "after" and "before" cannot be used together.' };
    }

    const direction = sortDirection.value === 'ASC' ? 1 : -1;
    const sorted = [...this.projectsById.values()].sort((a, b) => direction * (a.createdAtMs - b.createdAtMs));
    let start = 0;
    let end = Math.min(limit.value, sorted.length);
    const cursor = after ?? before;
    if (cursor !== undefined) {
      const projectId = decodeCursor(cursor);
      const index = sorted.findIndex((stored) => stored.project.projectId === projectId);
      if (index < 0) return { ok: false, details: `Invalid pagination cursor ${JSON.stringify(cursor)}.` };
      start = after !== undefined ? index + 1 : Math.max(0, index - limit.value);
      end = after !== undefined ? Math.min(sorted.length, index + 1 + limit.value) : index;
    }

    const page = sorted.slice(start, end);
    const first = page[0];
    const last = page[page.length - 1];
    return {
      ok: true,
      value: {
        values: page.map((stored) => toResource(stored, includeSharing.value)),
        pagination: {
          after: last !== undefined && end < sorted.length ? encodeCursor(last.project.projectId) : null,
          before: first !== undefined && start > 0 ? encodeCursor(first.project.projectId) : null,
        },
      },
    };
  }
}

function encodeCursor(projectId: string): string {
  return Buffer.from(`project:${projectId}`).toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.startsWith('project:') ? decoded.slice('project:'.length) : undefined;
}

function toResource(stored: StoredProject, includeSharing: boolean): HexProject {
  const createdAt = new Date(stored.createdAtMs).toISOString();
  return {
    id: stored.project.projectId,
    title: stored.project.title,
    description: `Simulated project "${stored.project.title}".`,
    type: 'PROJECT',
    creator: { email: SIMULATED_EMAIL },
    owner: { email: SIMULATED_EMAIL },
    status: { name: 'Published' },
    categories: [],
    reviews: { required: false },
    analytics: {
      publishedResultsUpdatedAt: null,
      lastViewedAt: null,
      appViews: { lastThirtyDays: 0, lastFourteenDays: 0, lastSevenDays: 0, allTime: 0 },
    },
    lastEditedAt: createdAt,
    lastPublishedAt: createdAt,
    createdAt,
    archivedAt: null,
    trashedAt: null,
    schedules: [],
    ...(includeSharing
      ? {
          sharing: {
            users: [{ access: 'FULL_ACCESS', user: { email: SIMULATED_EMAIL } }],
            collections: [],
            groups: [],
            workspace: { access: 'CAN_VIEW' },
            publicWeb: { access: 'NONE' },
            support: { access: 'NONE' },
          },
        }
      : {}),
  };
}
