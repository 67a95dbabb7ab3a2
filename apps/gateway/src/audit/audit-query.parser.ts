import { AuditSortFields, type AuditSortKey } from '@mandate/contracts';
import { CrestError, parseQueryFilter } from '@mandate/oauth';
import { type CrestPagingParams, parseCrestPaging } from '../http/crest-paging';

/**
 * The CREST query parameters of `GET json/.../audit`: `_queryFilter` (required, as CREST asks;
 * `true` for every event), `_pageSize` (default 100, at most 1000), `_pagedResultsCookie`,
 * `_sortKeys` (`time`, `-time,event`; default `time`).
 */
export function parseAuditQuery(params: CrestPagingParams & { _queryFilter?: string; _sortKeys?: string }) {
  if (params._queryFilter === undefined) throw CrestError.badRequest('_queryFilter is required');
  const filter = parseQueryFilter(params._queryFilter);
  const { pageSize, cookie } = parseCrestPaging(params, 100);
  const sortKeys: AuditSortKey[] = [];
  for (const raw of (params._sortKeys ?? '').split(',').map((k) => k.trim()).filter(Boolean)) {
    const descending = raw.startsWith('-');
    const field = raw.replace(/^[+-]/, '').replace(/^\//, '');
    if (!(AuditSortFields as readonly string[]).includes(field)) throw CrestError.badRequest(`Invalid _sortKeys field '${field}'`);
    sortKeys.push({ field: field as AuditSortKey['field'], descending });
  }
  if (sortKeys.length > 8) throw CrestError.badRequest('At most 8 _sortKeys');
  return { filter, pageSize, sortKeys, cookie };
}
