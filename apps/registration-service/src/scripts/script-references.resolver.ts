import { Injectable } from '@nestjs/common';
import type { Realm } from '@mandate/oauth';
import type { Sections } from '../realm-config/am-values';
import { ScriptService } from './script.service';

/** The literal AM writes for an unset script reference (am-spec §12.3). */
export const EMPTY_SCRIPT = '[Empty]';

/** A configuration member that names a script, and the contexts its script may have. */
export interface ScriptReferenceField {
  section: string;
  field: string;
  contexts?: readonly string[];
}

export const MAY_ACT_CONTEXTS = ['OAUTH2_MAY_ACT', 'OAUTH2_MAY_ACT_NEXT_GEN'] as const;

/**
 * contract §2: a reference may name a script by `_id` or by `name`; it is stored as the
 * `_id`. A reference to no script of the realm, or to a script of the wrong context, is
 * refused when the configuration is saved (issue 4 point 4).
 */
@Injectable()
export class ScriptReferencesResolver {
  constructor(private readonly scripts: ScriptService) {}

  async resolve(realm: Realm, sections: Sections, fields: readonly ScriptReferenceField[]): Promise<{ ids: string[]; problems: string[] }> {
    const ids: string[] = [];
    const problems: string[] = [];
    for (const { section, field, contexts } of fields) {
      const ref = sections[section]?.[field];
      if (ref === undefined || ref === null || ref === '' || ref === EMPTY_SCRIPT) {
        if (sections[section]) sections[section][field] = EMPTY_SCRIPT;
        continue;
      }
      if (typeof ref !== 'string') {
        problems.push(`${section}.${field} must be a script _id or name`);
        continue;
      }
      const script = await this.scripts.resolve(realm, ref);
      if (!script) {
        problems.push(`${section}.${field} names no script of realm ${realm.path}: ${ref}`);
      } else if (contexts && !contexts.includes(script.context)) {
        problems.push(`${section}.${field} must name a script of context ${contexts.join(' or ')}; ${script.name} is ${script.context}`);
      } else {
        sections[section][field] = script.id;
        ids.push(script.id);
      }
    }
    return { ids, problems };
  }
}
