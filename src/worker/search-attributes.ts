// Makes sure the namespace has the workflows' custom search attributes before any workflow runs: a workflow that
// sets an unregistered attribute fails every workflow task and makes no progress.
import proto from '@temporalio/proto';
import type { NativeConnection } from '@temporalio/worker';
import { HEX_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

// @temporalio/proto is CommonJS, so Node's ESM loader offers only its default export.
const KEYWORD = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/** Registers the missing search attributes; throws an error that explains how to create them by hand when it cannot. */
export async function ensureSearchAttributes(connection: NativeConnection, namespace: string): Promise<string[]> {
  const names = HEX_SEARCH_ATTRIBUTES.map((key) => key.name);
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = { ...listed.customAttributes, ...listed.systemAttributes };
  const missing = names.filter((name) => existing[name] === undefined);
  const wrongType = names.filter((name) => existing[name] !== undefined && existing[name] !== KEYWORD);
  if (wrongType.length > 0) {
    throw new Error(
      `Search attributes ${wrongType.join(', ')} exist in namespace ${namespace} with a type other than Keyword`
    );
  }
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, KEYWORD])),
    });
  } catch (error) {
    const commands = missing
      .map((name) => `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type Keyword`)
      .join('\n  ');
    throw new Error(
      `Namespace ${namespace} lacks the search attributes ${missing.join(', ')} and the worker could not add them ` +
        `(${(error as Error).message}). Create them, then start the worker again:\n  ${commands}\n` +
        'On Temporal Cloud, add them in the namespace settings or with tcld.',
      { cause: error }
    );
  }
  return missing;
}
