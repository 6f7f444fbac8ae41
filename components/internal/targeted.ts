import type { PropertyDeclarations } from 'lit';
import { targetIn, type RoundingPolicy, type Target } from '../../lib/grades/policy';
import { TabelElement } from './base';

export type { Target };

/** Attribute converter for numbers people type: "4.5" and "4,5" alike; empty or not a number → undefined (the default applies). */
export const decimal = {
  fromAttribute: (v: string | null): number | undefined => {
    const n = v === null || v.trim() === '' ? NaN : Number(v.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : undefined;
  },
  toAttribute: (v: number | undefined): string | null => (v === undefined || v === null ? null : String(v)),
};

/**
 * An element with a target: `target` (an average) or `target-mark` (a period mark, aimed at through
 * its threshold under the rule in force). The four elements that show a distance to a target share
 * this one definition.
 */
export abstract class TabelTargetedElement<M, Own extends object = object> extends TabelElement<M, Own> {
  static override properties: PropertyDeclarations = {
    target: { converter: decimal },
    targetMark: { attribute: 'target-mark', converter: decimal },
  };

  /** Target average (e.g. `4.5`, or `4,5`); wins over `target-mark`. */
  declare target: number | undefined;
  /** Target period mark (e.g. `5`): the target is the rounding rule's threshold for it. */
  declare targetMark: number | undefined;

  /** The target in force under `policy`; `fallbackMark` when neither attribute is set. */
  protected targetUnder(policy: RoundingPolicy, fallbackMark?: number): Target | null {
    return targetIn(policy, this.target, this.targetMark, fallbackMark);
  }
}
