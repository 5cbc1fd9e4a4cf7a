// Hex API types. The 2025 shapes are generated from spec/hex-openapi-2025-05.json (`npm run gen:types`);
// the fields that Hex's 2026 spec added or changed are layered on top here.
import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A run status. Hex may add values, so anything else is carried as a plain string and treated as non-terminal. */
export type KnownHexRunStatus = Schemas['ProjectRunStatus'];
export type HexRunStatus = KnownHexRunStatus | (string & {});

export const TERMINAL_STATUSES = ['COMPLETED', 'ERRORED', 'KILLED', 'UNABLE_TO_ALLOCATE_KERNEL'] as const;
export type TerminalHexRunStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminalStatus(status: HexRunStatus): status is TerminalHexRunStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** Project version: an integer in the 2025 spec, a string ("1", "draft") in 2026. */
export type HexProjectVersion = number | string;

export type HexRunNotification = Schemas['ProjectRunNotification'];

/** Body of `POST /v1/projects/{projectId}/runs`. Every field is optional and none may be `null`. */
export type HexRunRequestBody = Schemas['RunProjectRequestBody'];

export type HexRunResponse = Omit<Schemas['ProjectRunResponsePayload'], 'projectVersion'> & {
  projectVersion: HexProjectVersion;
};

export type HexRunStatusResponse = Omit<Schemas['ProjectStatusResponsePayload'], 'status' | 'projectVersion'> & {
  status: HexRunStatus;
  projectVersion: HexProjectVersion;
  /** Added in 2026: API, SCHEDULED or APP_REFRESH. */
  runTrigger?: string;
};

export type HexRunListResponse = Omit<Schemas['ProjectRunsResponsePayload'], 'runs'> & {
  runs: HexRunStatusResponse[];
};

export type HexProject = Schemas['ProjectApiResource'];
export type HexProjectList = Schemas['ProjectsListApiResource'];

export interface ListRunsOptions {
  /** Page size, 1 to 100. Hex's default is 25. */
  limit?: number;
  offset?: number;
  statusFilter?: KnownHexRunStatus;
}

export interface ListProjectsOptions {
  /** Page size, 1 to 100. */
  limit?: number;
  /** Cursor from the previous page's `pagination.after`. */
  after?: string;
  before?: string;
  sortBy?: Schemas['SortByEnum'];
  sortDirection?: Schemas['SortDirectionEnum'];
  includeArchived?: boolean;
  includeComponents?: boolean;
  includeTrashed?: boolean;
}
