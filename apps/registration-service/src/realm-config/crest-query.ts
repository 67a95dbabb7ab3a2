import type { CrestQueryReply, QueryFilter } from '@mandate/contracts';
import { crestQueryResult } from '@mandate/oauth';
import { matchesFilter } from './query-filter.evaluator';

/** A CREST query result over resources already in their wire form (am-spec §13.1). */
export function crestQuery(resources: Array<Record<string, unknown>>, filter: QueryFilter): CrestQueryReply {
  return crestQueryResult(resources.filter((r) => matchesFilter(r, filter)));
}
