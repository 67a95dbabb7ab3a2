import type { CrestQueryReply, QueryFilter } from '@mandate/contracts';
import { matchesFilter } from './query-filter.evaluator';

/** A CREST query result over resources already in their wire form (am-spec §13.1). */
export function crestQuery(resources: Array<Record<string, unknown>>, filter: QueryFilter): CrestQueryReply {
  const result = resources.filter((r) => matchesFilter(r, filter));
  return {
    result,
    resultCount: result.length,
    pagedResultsCookie: null,
    totalPagedResultsPolicy: 'NONE',
    totalPagedResults: -1,
    remainingPagedResults: -1,
  };
}
