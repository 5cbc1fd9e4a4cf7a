// Custom search attributes the workflows keep up to date, so that runs can be filtered in the Temporal Web UI and
// with `temporal workflow list --query`. The worker registers them (or checks them) when it starts.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const HEX_PROJECT_ID = defineSearchAttributeKey('HexProjectId', SearchAttributeType.KEYWORD);
export const HEX_RUN_ID = defineSearchAttributeKey('HexRunId', SearchAttributeType.KEYWORD);
export const HEX_RUN_STATUS = defineSearchAttributeKey('HexRunStatus', SearchAttributeType.KEYWORD);
export const HEX_PIPELINE = defineSearchAttributeKey('HexPipeline', SearchAttributeType.KEYWORD);

export const HEX_SEARCH_ATTRIBUTES = [HEX_PROJECT_ID, HEX_RUN_ID, HEX_RUN_STATUS, HEX_PIPELINE] as const;
