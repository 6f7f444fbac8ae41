/** `<tabel-target>`: import this module to register the element (guarded). */
import { define } from '../internal/define';
import { TabelTarget } from './target.component';

define('tabel-target', TabelTarget);

export { TabelTarget };
export type { TargetChangeDetail, WhatIfMark } from './target.component';
export default TabelTarget;
