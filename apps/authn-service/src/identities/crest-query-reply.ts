import type { IdentityQueryReply, IdentityResource } from '@mandate/contracts';

/** CREST's query result envelope, unpaged. */
export function crestQueryReply(result: IdentityResource[]): IdentityQueryReply {
  return {
    result,
    resultCount: result.length,
    pagedResultsCookie: null,
    totalPagedResultsPolicy: 'NONE',
    totalPagedResults: -1,
    remainingPagedResults: -1,
  };
}
