import { CrestError } from '@mandate/oauth';

const MAX_PAGE_SIZE = 1000;

/** CREST paging parameters as a query string brings them. */
export interface CrestPagingParams {
  _pageSize?: string;
  _pagedResultsCookie?: string;
}

/**
 * `_pageSize` (a positive integer, at most 1000; `defaultSize` when absent) and
 * `_pagedResultsCookie` (the previous page's, opaque here: the service checks it).
 */
export function parseCrestPaging(params: CrestPagingParams, defaultSize: number): { pageSize: number; cookie?: string } {
  let pageSize = defaultSize;
  if (params._pageSize !== undefined && params._pageSize !== '') {
    if (!/^\d+$/.test(params._pageSize) || Number(params._pageSize) < 1) throw CrestError.badRequest(`Invalid _pageSize '${params._pageSize}'`);
    pageSize = Math.min(Number(params._pageSize), MAX_PAGE_SIZE);
  }
  const cookie = params._pagedResultsCookie === undefined || params._pagedResultsCookie === '' ? undefined : params._pagedResultsCookie;
  return { pageSize, ...(cookie !== undefined && { cookie }) };
}
