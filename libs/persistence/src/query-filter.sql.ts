import type { QueryFilter } from '@mandate/contracts';

/** One comparison of a CREST filter: `field op value`. */
export type FilterComparison = Extract<QueryFilter, { value: unknown }>;

/** What a resource's columns make of the leaves of a filter; the boolean structure is compileQueryFilter's. */
export interface FilterLeaves {
  /** `field pr`: an SQL condition, `FALSE` for a field the resource does not have. */
  present(field: string[]): string;
  /** `field op value`: an SQL condition, `FALSE` for a field or an operator the resource does not have. */
  compare(comparison: FilterComparison): string;
}

/**
 * A parsed CREST `_queryFilter` as one SQL condition, for every resource that stores its
 * queryable fields in columns (users, groups, audit events). A leaf on an absent field may be
 * NULL (false in a WHERE); `!` is `IS NOT TRUE`, so that its negation is true, as CREST has it.
 */
export function compileQueryFilter(filter: QueryFilter, leaves: FilterLeaves): string {
  const walk = (f: QueryFilter): string => {
    switch (f.op) {
      case 'true':
        return 'TRUE';
      case 'false':
        return 'FALSE';
      case 'and':
      case 'or':
        return `(${f.filters.map(walk).join(f.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `((${walk(f.filter)}) IS NOT TRUE)`;
      case 'pr':
        return leaves.present(f.field);
      default:
        return leaves.compare(f);
    }
  };
  return walk(filter);
}

/** A parameter placeholder factory over `params` (`$1`, `$2`, … in the order of use). */
export function placeholders(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/** The SQL text expression a CREST field reads, or undefined when the resource has no such field. */
export type FieldColumn = (field: string[], param: (value: unknown) => string) => string | undefined;

/** The ordering operators of CREST and their SQL. */
export const ORDERING = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/**
 * The leaves of a directory resource (users, groups): string comparisons ignore case, as AM's
 * directory does; a comparison on an absent field is false, never NULL.
 */
export function filterToSql(filter: QueryFilter, column: FieldColumn, params: unknown[]): string {
  const param = placeholders(params);
  return compileQueryFilter(filter, {
    present: (field) => {
      const col = column(field, param);
      return col ? `(${col} IS NOT NULL)` : 'FALSE';
    },
    compare: (f) => {
      const col = column(f.field, param);
      if (!col) return 'FALSE';
      if (typeof f.value !== 'string') return `COALESCE(${col} = ${param(String(f.value))}, FALSE)`;
      const value = param(f.value);
      if (f.op === 'eq') return `COALESCE(lower(${col}) = lower(${value}), FALSE)`;
      if (f.op === 'co') return `COALESCE(strpos(lower(${col}), lower(${value})) > 0, FALSE)`;
      if (f.op in ORDERING) return `COALESCE(lower(${col}) ${ORDERING[f.op as keyof typeof ORDERING]} lower(${value}), FALSE)`;
      return `COALESCE(starts_with(lower(${col}), lower(${value})), FALSE)`;
    },
  });
}
