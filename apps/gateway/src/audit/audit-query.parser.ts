import { AuditSortFields, type AuditSortKey } from '@mandate/contracts';
import { CrestError, parseQueryFilter } from '@mandate/oauth';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/**
 * The CREST query parameters of `GET json/.../audit`: `_queryFilter` (required, as CREST asks;
 * `true` for every event), `_pageSize` (default 100, at most 1000), `_pagedResultsCookie`,
 * `_sortKeys` (`time`, `-time,event`; default `time`).
 */
export function parseAuditQuery(params: { _queryFilter?: string; _pageSize?: string; _pagedResultsCookie?: string; _sortKeys?: string }) {
  if (params._queryFilter === undefined) throw CrestError.badRequest('_queryFilter is required');
  const filter = parseQueryFilter(params._queryFilter);
  let pageSize = DEFAULT_PAGE_SIZE;
  if (params._pageSize !== undefined && params._pageSize !== '') {
    if (!/^\d+$/.test(params._pageSize) || Number(params._pageSize) < 1) throw CrestError.badRequest(`Invalid _pageSize '${params._pageSize}'`);
    pageSize = Math.min(Number(params._pageSize), MAX_PAGE_SIZE);
  }
  const sortKeys: AuditSortKey[] = [];
  for (const raw of (params._sortKeys ?? '').split(',').map((k) => k.trim()).filter(Boolean)) {
    const descending = raw.startsWith('-');
    const field = raw.replace(/^[+-]/, '').replace(/^\//, '');
    if (!(AuditSortFields as readonly string[]).includes(field)) throw CrestError.badRequest(`Invalid _sortKeys field '${field}'`);
    sortKeys.push({ field: field as AuditSortKey['field'], descending });
  }
  if (sortKeys.length > 8) throw CrestError.badRequest('At most 8 _sortKeys');
  const cookie = params._pagedResultsCookie === undefined || params._pagedResultsCookie === '' ? undefined : params._pagedResultsCookie;
  return { filter, pageSize, sortKeys, cookie };
}
