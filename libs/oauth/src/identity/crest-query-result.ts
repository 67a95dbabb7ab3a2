/** CREST's query result envelope, unpaged (am-spec §13.1, §14). */
export function crestQueryResult<T>(result: T[]) {
  return {
    result,
    resultCount: result.length,
    pagedResultsCookie: null,
    totalPagedResultsPolicy: 'NONE' as const,
    totalPagedResults: -1 as const,
    remainingPagedResults: -1 as const,
  };
}
