/** `<tabel-summary>`: import this module to register the element (guarded). */
import { define } from '../internal/define';
import { TabelSummary } from './summary.component';

define('tabel-summary', TabelSummary);

export { TabelSummary };
export default TabelSummary;
